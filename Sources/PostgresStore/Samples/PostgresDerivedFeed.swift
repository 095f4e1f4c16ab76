import Engine
import Foundation
import NIOConcurrencyHelpers
import Store

/// Hands the samples a frame-log reader derives (on the caller's thread, synchronous code) to the import's
/// transaction (async, on the connection's event loop, driven from a thread of its own), a batch at a time through a `BlockingHandoff` of at most 8
/// batches: memory stays flat whatever the log's size. Replacements are few (a grown log's samples at the instant
/// the earlier read stopped) and are kept until the end.
final class PostgresDerivedFeed: DerivedSampleReceiver, @unchecked Sendable {
    /// Derived samples, column by column, with their names.
    struct Batch {
        var time: [Int64] = []
        var charger: [String] = []
        var metric: [String] = []
        var value: [Double] = []
        var line: [Int] = []
        var count: Int { time.count }
    }

    static let batchSize = 1 << 16
    let handoff = BlockingHandoff<Batch, JournalEvent.FrameLogPosition>(limit: 8)
    private let source: String
    /// Reader side only.
    private var filling = Batch()
    /// Ids checked once each (the SQLite store's rules: not empty, at most 200 bytes, no control character, UTF-8).
    private var checked = Set<String>()
    private let replacements = NIOLockedValueBox<[PostgresReplacement]>([])

    init(source: String) { self.source = source }

    func add(time: Int64, charger: String, metric: String, value: Double, line: Int) throws {
        try check(charger, "charger", line)
        try check(metric, "metric", line)
        filling.time.append(time); filling.charger.append(charger); filling.metric.append(metric)
        filling.value.append(value); filling.line.append(line)
        if filling.count >= Self.batchSize { try send() }
    }

    func replace(time: Int64, charger: String, metric: String, value: Double, replacing: Double) throws {
        replacements.withLockedValue { $0.append(PostgresReplacement(time: time, charger: charger, metric: metric, value: value, replacing: replacing)) }
    }

    /// Reader side, after the reader returned `position`: sends what is left and ends the feed.
    func finish(_ position: JournalEvent.FrameLogPosition) throws {
        if filling.count > 0 { try send() }
        handoff.finish(.done(position))
    }

    /// After the last batch was received: the position the reader returned (throwing its error), with the replacements.
    func outcome() throws -> (JournalEvent.FrameLogPosition, [PostgresReplacement]) {
        (try handoff.outcome(), replacements.withLockedValue { $0 })
    }

    private func check(_ id: String, _ column: String, _ line: Int) throws {
        guard !checked.contains(id) else { return }
        var id = id
        try id.withUTF8 { try SampleRow.checkID($0, column, source, line) }
        checked.insert(id)
    }

    private func send() throws {
        try handoff.send(filling)
        filling = Batch()
    }
}
