import Foundation
import FuzzDriver
@testable import SampleParsers

/// The metric sample parsers (CSV and JSON Lines) on any bytes, read through the importer's line reader
/// (LF, CRLF and lone CR line ends, the line-length limit): samples or a `SampleImportError`, never a crash
/// or an out-of-bounds read (the fuzzer is built with AddressSanitizer).
let path = NSTemporaryDirectory() + "fuzz-samples-\(getpid()).input"

func parse<P: SampleLineParser>(_ parser: inout P) throws {
    var reader = try SampleLineReader(file: path)
    defer { reader.close() }
    var builder = SampleBatchBuilder()
    var samples = 0
    func check(_ batch: SampleBatch) {
        precondition(batch.time.count == batch.value.count && batch.metric.count == batch.charger.count && batch.line.count == batch.time.count)
        precondition(batch.value.allSatisfy { $0.isFinite && $0 >= 0 }, "a sample value that is not finite or negative")
        samples += batch.count
    }
    try reader.forEachLine(onBytes: { _ in }) { line, number in
        try parser.line(line, number: number, into: &builder)
        if builder.batch.isFull { check(builder.take()) }
    }
    check(builder.take())
    try parser.finish(sawSamples: samples > 0)
}

func fuzzSamples(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
    var csv = SampleCSVParser(file: "fuzz.csv")
    var jsonLines = SampleJSONLinesParser(file: "fuzz.jsonl")
    _ = try? parse(&csv)
    _ = try? parse(&jsonLines)
    return 0
}

runFuzzer { data, size in fuzzSamples(data ?? UnsafePointer(bitPattern: 1)!, size) }
