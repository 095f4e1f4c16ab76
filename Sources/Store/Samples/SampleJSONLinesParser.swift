/// JSON Lines samples: one object a line with exactly the keys `time` (a string, or a number of Unix
/// seconds), `charger` and `metric` (strings) and `value` (a number). Blank lines are skipped.
struct SampleJSONLinesParser: SampleLineParser {
    let file: String

    mutating func line(_ line: UnsafeBufferPointer<UInt8>, number: Int, into out: inout SampleBatchBuilder) throws {
        if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { return }
        var object = FlatJSONObject(line: line)
        do {
            try object.parse()
        } catch let problem as FlatJSONObject.Problem {
            throw SampleImportError(file: file, line: number, reason: problem.text)
        }
        let file = self.file
        try object.withFields { t, tIsNumber, c, m, v in
            if tIsNumber, t.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "-") }) {
                throw SampleRow.bad(file, number, "time", t, "is not Unix seconds in plain decimal notation")
            }
            try SampleRow.add(time: t, charger: c, metric: m, value: v, line: number, file: file, to: &out)
        }
    }

    func finish(sawSamples: Bool) throws {
        if !sawSamples { throw SampleImportError(file: file, line: nil, reason: "the file is empty (expected JSON Lines with time, charger, metric and value)") }
    }
}

/// One flat JSON object of string and number members, with exactly the keys of a sample.
struct FlatJSONObject {
    let line: UnsafeBufferPointer<UInt8>
    var i = 0
    /// Per key (time, charger, metric, value): the member's bytes (strings unescaped) and whether it was a number.
    var members: [(bytes: [UInt8], isNumber: Bool)?] = [nil, nil, nil, nil]
    static let keys = ["time", "charger", "metric", "value"]

    struct Problem: Error { var text: String }

    init(line: UnsafeBufferPointer<UInt8>) { self.line = line }

    mutating func parse() throws {
        skipSpace()
        guard peek == UInt8(ascii: "{") else { throw Problem(text: "not a JSON object (a line must be {\"time\": ..., \"charger\": ..., \"metric\": ..., \"value\": ...})") }
        i += 1
        skipSpace()
        if peek == UInt8(ascii: "}") { i += 1 } else {
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw Problem(text: "expected a key in double quotes at column \(i + 1)") }
                let key = String(decoding: try string(), as: UTF8.self)
                skipSpace()
                guard peek == UInt8(ascii: ":") else { throw Problem(text: "expected ':' after key '\(key)' at column \(i + 1)") }
                i += 1
                skipSpace()
                guard let k = Self.keys.firstIndex(of: key) else {
                    throw Problem(text: "unknown key '\(key)' (the keys are time, charger, metric, value)")
                }
                guard members[k] == nil else { throw Problem(text: "key '\(key)' appears twice") }
                if peek == UInt8(ascii: "\"") {
                    members[k] = (try string(), false)
                } else if let c = peek, c == UInt8(ascii: "-") || SampleTimeParsing.isDigit(c) {
                    let start = i
                    while let c = peek, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || SampleTimeParsing.isDigit(c) { i += 1 }
                    members[k] = (Array(line[start..<i]), true)
                } else {
                    throw Problem(text: "key '\(key)': expected a string or a number at column \(i + 1)")
                }
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                if peek == UInt8(ascii: "}") { i += 1; break }
                throw Problem(text: "expected ',' or '}' at column \(i + 1)")
            }
        }
        skipSpace()
        guard i == line.count else { throw Problem(text: "text after the object at column \(i + 1)") }
        let missing = Self.keys.indices.filter { members[$0] == nil }.map { "'\(Self.keys[$0])'" }
        guard missing.isEmpty else { throw Problem(text: "missing key \(missing.joined(separator: ", ")) (the keys are time, charger, metric, value)") }
        if members[1]!.isNumber { throw Problem(text: "key 'charger' must be a string") }
        if members[2]!.isNumber { throw Problem(text: "key 'metric' must be a string") }
        if !members[3]!.isNumber { throw Problem(text: "key 'value' must be a number, not a string") }
    }

    func withFields(_ body: (UnsafeBufferPointer<UInt8>, Bool, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let t = members[0]!, c = members[1]!, m = members[2]!, v = members[3]!
        try t.bytes.withUnsafeBufferPointer { tb in
            try c.bytes.withUnsafeBufferPointer { cb in
                try m.bytes.withUnsafeBufferPointer { mb in
                    try v.bytes.withUnsafeBufferPointer { vb in try body(tb, t.isNumber, cb, mb, vb) }
                }
            }
        }
    }

    private var peek: UInt8? { i < line.count ? line[i] : nil }

    private mutating func skipSpace() {
        while let c = peek, c == 32 || c == 9 || c == 13 { i += 1 }
    }

    /// A JSON string at `i` (on its opening quote), unescaped.
    private mutating func string() throws -> [UInt8] {
        i += 1
        var out: [UInt8] = []
        while let c = peek {
            i += 1
            switch c {
            case UInt8(ascii: "\""): return out
            case UInt8(ascii: "\\"):
                guard let e = peek else { break }
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), peek == UInt8(ascii: "\\"), i + 1 < line.count, line[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Problem(text: "a broken \\u surrogate pair at column \(i)") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw Problem(text: "an invalid \\u escape at column \(i)") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw Problem(text: "an invalid escape \\\(Character(Unicode.Scalar(e))) at column \(i)")
                }
            default:
                if c < 32 { throw Problem(text: "a control character inside a string at column \(i)") }
                out.append(c)
            }
        }
        throw Problem(text: "a string is not closed")
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= line.count else { throw Problem(text: "a short \\u escape at column \(i)") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = line[i]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw Problem(text: "a bad \\u escape at column \(i + 1)")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
