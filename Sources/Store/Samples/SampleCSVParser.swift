import Dispatch
import Foundation

/// CSV samples: a header naming `time`, `charger`, `metric` and `value` in any order (no other columns),
/// then one sample a line. Fields may be double-quoted (`""` inside quotes is a quote). Blank lines are
/// skipped. Parsed byte by byte; the first bad row stops the parse with its line and column.
struct SampleCSVParser {
    let file: String

    enum Column: String, CaseIterable { case time, charger, metric, value }

    /// Parses the header, then the rows: in two halves on two threads when the file is large.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> ParsedSamples {
        var roles: [Column]? = nil
        var header = ParsedSamples()
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let (afterHeader, headerLine) = try lines(bytes, start..<bytes.count, firstLine: 1, roles: &roles, into: &header, headerOnly: true)
        guard let columns = roles else {
            throw SampleImportError(file: file, line: nil, reason: "the file is empty (expected a header time,charger,metric,value and samples)")
        }
        let rest = afterHeader..<bytes.count
        var out: ParsedSamples
        if rest.count < 1 << 20 {
            out = ParsedSamples()
            var r: [Column]? = columns
            _ = try lines(bytes, rest, firstLine: headerLine + 1, roles: &r, into: &out, headerOnly: false)
        } else {
            var middle = rest.lowerBound + rest.count / 2
            while middle < bytes.count, bytes[middle - 1] != 10 { middle += 1 }
            var linesBefore = 0
            for i in rest.lowerBound..<middle where bytes[i] == 10 { linesBefore += 1 }
            let parts = [(rest.lowerBound..<middle, headerLine + 1), (middle..<bytes.count, headerLine + 1 + linesBefore)]
            let shared = SharedBytes(bytes: bytes)
            // The first half also receives the second's samples.
            let reserves = [rest.count / 24, parts[1].0.count / 24]
            let results = ParseResults(count: 2)
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                var part = ParsedSamples()
                // Rows are rarely shorter than 24 bytes; unused capacity is never touched.
                part.reserve(reserves[k])
                var r: [Column]? = columns
                do {
                    _ = try lines(shared.bytes, parts[k].0, firstLine: parts[k].1, roles: &r, into: &part, headerOnly: false)
                    results.set(k, .success(part))
                } catch {
                    results.set(k, .failure(error))
                }
            }
            out = try results.get(0).get()
            let second = try results.get(1).get()
            out.append(contentsOf: second)
        }
        if out.count == 0 { throw SampleImportError(file: file, line: nil, reason: "the file has a header but no samples") }
        return out
    }

    /// Parses the lines in `range` (numbered from `firstLine`); with `headerOnly`, stops after the header.
    /// Returns where it stopped and the number of the last line read.
    private func lines(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, firstLine: Int, roles: inout [Column]?,
                       into out: inout ParsedSamples, headerOnly: Bool) throws -> (Int, Int) {
        var lineNumber = firstLine - 1
        var position = range.lowerBound
        let end = range.upperBound
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(8)
        var unquoted: [UInt8] = []
        while position < end {
            lineNumber += 1
            var lineEnd = position
            while lineEnd < end, bytes[lineEnd] != 10 { lineEnd += 1 }
            let next = lineEnd + 1
            if lineEnd > position, bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[position..<lineEnd])
            position = min(next, end)
            if line.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            ranges.removeAll(keepingCapacity: true)
            if line.contains(34) {
                // Quoted fields: unquote the line's fields into one buffer, then read them from there.
                unquoted.removeAll(keepingCapacity: true)
                try splitQuoted(line, into: &ranges, unquoted: &unquoted, line: lineNumber)
                try unquoted.withUnsafeBufferPointer { buffer in
                    try row(buffer, ranges, &roles, lineNumber, &out)
                }
            } else {
                split(line, into: &ranges)
                try row(line, ranges, &roles, lineNumber, &out)
            }
            if headerOnly, roles != nil { return (position, lineNumber) }
        }
        return (position, lineNumber)
    }

    /// One line's fields (`ranges` into `buffer`): the header when none was read yet, else a sample.
    private func row(_ buffer: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], _ roles: inout [Column]?,
                     _ lineNumber: Int, _ out: inout ParsedSamples) throws {
        func field(_ k: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: buffer[ranges[k]]) }
        guard let columns = roles else {
            roles = try header((0..<ranges.count).map(field), line: lineNumber)
            return
        }
        guard ranges.count == columns.count else {
            throw SampleImportError(file: file, line: lineNumber,
                                    reason: "expected \(columns.count) fields (\(columns.map(\.rawValue).joined(separator: ","))), found \(ranges.count)")
        }
        var t = 0, c = 0, m = 0, v = 0
        for (k, column) in columns.enumerated() {
            switch column {
            case .time: t = k
            case .charger: c = k
            case .metric: m = k
            case .value: v = k
            }
        }
        try SampleRow.add(time: field(t), charger: field(c), metric: field(m), value: field(v), line: lineNumber, file: file, to: &out)
    }

    /// Splits a line without quotes at commas, trimming blanks around fields.
    private func split(_ line: UnsafeBufferPointer<UInt8>, into ranges: inout [Range<Int>]) {
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
    private func splitQuoted(_ line: UnsafeBufferPointer<UInt8>, into ranges: inout [Range<Int>],
                             unquoted: inout [UInt8], line number: Int) throws {
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
            let name = String(decoding: field, as: UTF8.self)
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

/// The file's bytes, read by both parsing threads (never written while they run).
private struct SharedBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
}

/// Where the parsing threads leave their results.
private final class ParseResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<ParsedSamples, any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ k: Int, _ result: Result<ParsedSamples, any Error>) {
        lock.lock(); results[k] = result; lock.unlock()
    }

    func get(_ k: Int) -> Result<ParsedSamples, any Error> {
        lock.lock(); defer { lock.unlock() }
        return results[k] ?? .failure(StoreError("a parsing thread did not finish"))
    }
}
