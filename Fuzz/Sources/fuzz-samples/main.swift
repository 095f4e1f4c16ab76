import FuzzDriver
@testable import SampleParsers

/// The metric sample parsers (CSV and JSON Lines) on any bytes: samples or a `SampleImportError`,
/// never a crash or an out-of-bounds read (the fuzzer is built with AddressSanitizer).
func fuzzSamples(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: data, count: size)
    for parsed in [try? SampleCSVParser(file: "fuzz.csv").parse(buffer), try? SampleJSONLinesParser(file: "fuzz.jsonl").parse(buffer)] {
        guard let parsed else { continue }
        precondition(parsed.time.count == parsed.value.count && parsed.metric.count == parsed.charger.count)
        precondition(parsed.value.allSatisfy(\.isFinite), "a sample value that is not finite")
    }
    return 0
}

runFuzzer { data, size in fuzzSamples(data ?? UnsafePointer(bitPattern: 1)!, size) }
