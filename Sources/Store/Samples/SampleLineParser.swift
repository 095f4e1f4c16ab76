/// A samples format read a line at a time (CSV, JSON Lines): each line's samples go to a batch builder.
protocol SampleLineParser {
    /// Parses line `number` (without its end); a bad line throws, naming the file, the line and the column.
    mutating func line(_ line: UnsafeBufferPointer<UInt8>, number: Int, into out: inout SampleBatchBuilder) throws
    /// Called after the last line: refuses a file without samples, saying what was expected.
    func finish(sawSamples: Bool) throws
}

/// Which parser reads a file: JSON Lines when its first non-blank character is `{` (whatever its name),
/// or, for a file starting otherwise, when it is named `.jsonl` or `.ndjson`; CSV otherwise.
enum SampleFormat {
    case csv, jsonLines

    static func of(path: String, head: UnsafeBufferPointer<UInt8>) -> SampleFormat {
        var i = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < head.count, [9, 10, 13, 32].contains(head[i]) { i += 1 }
        if i < head.count, head[i] == UInt8(ascii: "{") { return .jsonLines }
        let lower = path.lowercased()
        return lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") ? .jsonLines : .csv
    }

    func parser(file: String) -> any SampleLineParser {
        switch self {
        case .csv: SampleCSVParser(file: file)
        case .jsonLines: SampleJSONLinesParser(file: file)
        }
    }
}
