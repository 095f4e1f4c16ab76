/// CSV samples, a line at a time: a header naming `time`, `charger`, `metric` and `value` in any order (no
/// other columns), then one sample a line. Fields may be double-quoted (`""` inside quotes is a quote).
/// Blank lines are skipped. Parsed byte by byte; the first bad row stops the import with its line and column.
struct SampleCSVParser: SampleLineParser {
    let file: String

    enum Column: String, CaseIterable { case time, charger, metric, value }

    /// The header's columns once read; then the field index of time, charger, metric and value.
    private var columns: [Column]?
    private var t = 0, c = 0, m = 0, v = 0
    private var ranges: [Range<Int>] = []
    private var unquoted: [UInt8] = []

    init(file: String) {
        self.file = file
        ranges.reserveCapacity(8)
    }

    mutating func line(_ line: UnsafeBufferPointer<UInt8>, number: Int, into out: inout SampleBatchBuilder) throws {
        if Self.isBlank(line) { return }
        ranges.removeAll(keepingCapacity: true)
        if line.contains(34) {
            // Quoted fields: unquote the line's fields into one buffer, then read them from there.
            unquoted.removeAll(keepingCapacity: true)
            try splitQuoted(line, line: number)
            let fields = ranges
            try unquoted.withUnsafeBufferPointer { buffer in try row(buffer, fields, number, &out) }
        } else {
            split(line)
            try row(line, ranges, number, &out)
        }
    }

    func finish(sawSamples: Bool) throws {
        guard columns != nil else {
            throw SampleImportError(file: file, line: nil, reason: "the file is empty (expected a header time,charger,metric,value and samples)")
        }
        if !sawSamples { throw SampleImportError(file: file, line: nil, reason: "the file has a header but no samples") }
    }

    @inline(__always) static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in line where b != 32 && b != 9 { return false }
        return true
    }

    /// One line's fields (`ranges` into `buffer`): the header when none was read yet, else a sample.
    private mutating func row(_ buffer: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], _ number: Int,
                              _ out: inout SampleBatchBuilder) throws {
        func field(_ k: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: buffer[ranges[k]]) }
        guard let columns else {
            let roles = try header((0..<ranges.count).map(field), line: number)
            for (k, column) in roles.enumerated() {
                switch column {
                case .time: t = k
                case .charger: c = k
                case .metric: m = k
                case .value: v = k
                }
            }
            self.columns = roles
            return
        }
        guard ranges.count == columns.count else {
            throw SampleImportError(file: file, line: number,
                                    reason: "expected \(columns.count) fields (\(columns.map(\.rawValue).joined(separator: ","))), found \(ranges.count)")
        }
        try SampleRow.add(time: field(t), charger: field(c), metric: field(m), value: field(v), line: number, file: file, to: &out)
    }

    /// Splits a line without quotes at commas, trimming blanks around fields.
    private mutating func split(_ line: UnsafeBufferPointer<UInt8>) {
        var start = 0
        let n = line.count
        var i = 0
        while true {
            while i < n, line[i] != 44 { i += 1 }
            var a = start, b = i
            while a < b, line[a] == 32 || line[a] == 9 { a += 1 }
            while b > a, line[b - 1] == 32 || line[b - 1] == 9 { b -= 1 }
            ranges.append(a..<b)
            if i == n { return }
            i += 1
            start = i
        }
    }

    /// Splits a line with double-quoted fields (`""` is a quote inside them) into `unquoted`.
    private mutating func splitQuoted(_ line: UnsafeBufferPointer<UInt8>, line number: Int) throws {
        var i = 0
        let n = line.count
        while true {
            while i < n, line[i] == 32 || line[i] == 9 { i += 1 }
            let start = unquoted.count
            if i < n, line[i] == 34 {
                i += 1
                var closed = false
                while i < n {
                    if line[i] == 34 {
                        if i + 1 < n, line[i + 1] == 34 { unquoted.append(34); i += 2; continue }
                        i += 1; closed = true; break
                    }
                    unquoted.append(line[i]); i += 1
                }
                guard closed else { throw SampleImportError(file: file, line: number, reason: "field \(ranges.count + 1): a quote is not closed on this line") }
                while i < n, line[i] == 32 || line[i] == 9 { i += 1 }
                guard i == n || line[i] == 44 else {
                    throw SampleImportError(file: file, line: number, reason: "field \(ranges.count + 1): text after a closing quote")
                }
            } else {
                while i < n, line[i] != 44 {
                    if line[i] == 34 { throw SampleImportError(file: file, line: number, reason: "field \(ranges.count + 1): a quote inside an unquoted field") }
                    unquoted.append(line[i]); i += 1
                }
                while unquoted.count > start, unquoted[unquoted.count - 1] == 32 || unquoted[unquoted.count - 1] == 9 { unquoted.removeLast() }
            }
            ranges.append(start..<unquoted.count)
            if i == n { return }
            i += 1
        }
    }

    private func header(_ fields: [UnsafeBufferPointer<UInt8>], line: Int) throws -> [Column] {
        let expected = "time, charger, metric, value"
        var roles: [Column] = []
        for field in fields {
            var name = String(decoding: field.prefix(60), as: UTF8.self)
            if field.count > 60 { name += "…" }
            guard let column = Column(rawValue: name.lowercased()) else {
                throw SampleImportError(file: file, line: line, reason: "unknown column '\(name)' in the header (the columns are \(expected), in any order)")
            }
            guard !roles.contains(column) else {
                throw SampleImportError(file: file, line: line, reason: "column '\(name)' appears twice in the header")
            }
            roles.append(column)
        }
        let missing = Column.allCases.filter { !roles.contains($0) }
        guard missing.isEmpty else {
            throw SampleImportError(file: file, line: line, reason: "the header lacks column \(missing.map { "'\($0.rawValue)'" }.joined(separator: ", ")) (the columns are \(expected), in any order)")
        }
        return roles
    }
}
