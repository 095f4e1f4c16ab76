import Crypto
import Foundation

/// Reads a samples file on a thread of its own: digests its bytes, parses its lines and sends the samples
/// to `channel` a batch at a time; ends the channel with the file's SHA-256 (hex) or the first error.
package enum SampleFileParsing {
    package static func start(file: String, into channel: BatchChannel) {
        let thread = Thread {
            do {
                channel.finish(.digest(try parse(file: file, channel: channel)))
            } catch {
                channel.finish(.failure(error))
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The file's digest, after sending every batch (or stopping early when the writer cancelled).
    static func parse(file: String, channel: BatchChannel) throws -> String {
        try parse(file: file) { channel.send($0) }
    }

    /// Parses `file`, handing each batch to `emit` (which returns false to stop); returns the file's digest.
    static func parse(file: String, emit: (SampleBatch) throws -> Bool) throws -> String {
        var reader = try SampleLineReader(file: file)
        defer { reader.close() }
        var hasher = SHA256()
        let head = try reader.head { hasher.update(bufferPointer: $0) }
        switch SampleFormat.of(path: file, head: head) {
        case .csv:
            var parser = SampleCSVParser(file: file)
            try run(&reader, &parser, &hasher, emit)
        case .jsonLines:
            var parser = SampleJSONLinesParser(file: file)
            try run(&reader, &parser, &hasher, emit)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Generic over the parser, so that each line is a direct call.
    private static func run<P: SampleLineParser>(_ reader: inout SampleLineReader, _ parser: inout P, _ hasher: inout SHA256,
                                                 _ emit: (SampleBatch) throws -> Bool) throws {
        var builder = SampleBatchBuilder()
        var sawSamples = false
        try reader.forEachLine(onBytes: { hasher.update(bufferPointer: $0) }) { line, number in
            var text = line
            if number == 1, text.starts(with: [0xEF, 0xBB, 0xBF]) { text = UnsafeBufferPointer(rebasing: text[3...]) }
            try parser.line(text, number: number, into: &builder)
            if builder.batch.isFull {
                sawSamples = true
                guard try emit(builder.take()) else { throw Cancelled() }
            }
        }
        if builder.batch.count > 0 { sawSamples = true }
        try parser.finish(sawSamples: sawSamples)
        if builder.batch.count > 0 { _ = try emit(builder.take()) }
    }

    /// The first line of `file` whose sample `matches` (charger, metric, time, value), reading it again: for
    /// the rare message that needs a line the writer no longer knows.
    static func firstLine(of file: String, where matches: (String, String, Int64, Double) -> Bool) -> Int? {
        var found: Int?
        var metrics: [String] = [], chargers: [String] = []
        _ = try? parse(file: file) { batch in
            metrics += batch.newMetricNames
            chargers += batch.newChargerIDs
            for i in 0..<batch.count where matches(chargers[Int(batch.charger[i])], metrics[Int(batch.metric[i])], batch.time[i], batch.value[i]) {
                found = batch.line[i]
                return false
            }
            return true
        }
        return found
    }

    /// The writer stopped the parse.
    struct Cancelled: Error {}
}
