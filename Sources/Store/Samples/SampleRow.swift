/// Checks and adds one sample's four fields, naming the column at fault when one is bad.
package enum SampleRow {
    static let maxIDLength = 200

    @inline(__always)
    static func add(time: UnsafeBufferPointer<UInt8>, charger: UnsafeBufferPointer<UInt8>, metric: UnsafeBufferPointer<UInt8>,
                    value: UnsafeBufferPointer<UInt8>, line: Int, file: String, to out: inout SampleBatchBuilder) throws {
        let t: Int64
        switch SampleTimeParsing.parse(time) {
        case let .success(v): t = v
        case let .failure(problem): throw bad(file, line, "time", time, problem.text)
        }
        let v: Double
        switch SampleValueParsing.parse(value) {
        case let .success(x): v = x
        case let .failure(problem): throw bad(file, line, "value", value, problem.text)
        }
        if charger.isEmpty { throw SampleImportError(file: file, line: line, reason: "column charger is empty") }
        if metric.isEmpty { throw SampleImportError(file: file, line: line, reason: "column metric is empty") }
        try out.append(time: t, charger: charger, metric: metric, value: v, line: line) { bytes, column in
            try checkID(bytes, column, file, line)
        }
    }

    @inline(__always)
    package static func checkID(_ b: UnsafeBufferPointer<UInt8>, _ column: String, _ file: String, _ line: Int) throws {
        if b.isEmpty { throw SampleImportError(file: file, line: line, reason: "column \(column) is empty") }
        if b.count > maxIDLength { throw bad(file, line, column, b, "is longer than \(maxIDLength) bytes") }
        for c in b where c < 32 || c == 127 { _ = c; throw bad(file, line, column, b, "contains a control character") }
        if String(validating: b, as: UTF8.self) == nil { throw SampleImportError(file: file, line: line, reason: "column \(column) is not valid UTF-8") }
    }

    static func bad(_ file: String, _ line: Int, _ column: String, _ b: UnsafeBufferPointer<UInt8>, _ text: String) -> SampleImportError {
        var shown = String(decoding: b.prefix(60), as: UTF8.self)
        if b.count > 60 { shown += "…" }
        return SampleImportError(file: file, line: line, reason: "column \(column): '\(shown)' \(text)")
    }
}
