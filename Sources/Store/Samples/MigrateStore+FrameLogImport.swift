import Engine
import Foundation
internal import GRDB

extension MigrateStore: FrameLogStore {
    /// `ocpp import`: the KPI samples a reader derives from a frame log, through the shared import path (one
    /// transaction, the journal entry, duplicates, conflicts, unknown chargers), with the position the log was
    /// read up to. The earlier position is read inside the immediate transaction, so two imports of one log at
    /// once cannot both start from it.
    public func importFrameLog(source: String, head: String, actor: String, at: Date, simulated: Bool, skipUnknown: Bool,
                               read: (JournalEvent.FrameLogPosition?, any DerivedSampleReceiver) throws -> JournalEvent.FrameLogPosition)
        throws -> MetricsImportReport {
        try importSamples(source: source, skipUnknown: skipUnknown, entry: (actor, at, simulated)) { writer in
            let since = try Self.frameLog(head: head, writer.db)?.position
            let receiver = StreamReceiver(writer: writer, source: source)
            let position = try read(since, receiver)
            try receiver.flush()
            writer = receiver.writer
            return SampleFeedEnd(digest: position.digest, log: position)
        } line: { _, _ in nil }
    }

    /// The position the log with first-line digest `head` was last imported up to, and the entry that recorded it.
    static func frameLog(head: String, _ db: Database) throws -> (position: JournalEvent.FrameLogPosition, seq: Int64)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT position, seq FROM frame_logs WHERE head = ?", arguments: [head]) else { return nil }
        let text: String = row["position"]
        return (try JournalCoding.decoder().decode(JournalEvent.FrameLogPosition.self, from: Data(text.utf8)), row["seq"])
    }

    /// The entry that recorded `position` when the log has not moved since (nothing to import), else nil.
    static func unchangedLogEntry(_ position: JournalEvent.FrameLogPosition, _ db: Database) throws -> Int64? {
        guard let earlier = try frameLog(head: position.head, db), earlier.position == position else { return nil }
        return earlier.seq
    }
}

/// Batches derived samples for the stream writer (flat memory); hands replacements to it as they are.
private final class StreamReceiver: DerivedSampleReceiver {
    var writer: SampleStreamWriter
    let source: String
    private var builder = SampleBatchBuilder()

    init(writer: SampleStreamWriter, source: String) {
        self.writer = writer
        self.source = source
    }

    func add(time: Int64, charger: String, metric: String, value: Double, line: Int) throws {
        var charger = charger, metric = metric
        try charger.withUTF8 { c in
            try metric.withUTF8 { m in
                try builder.append(time: time, charger: c, metric: m, value: value, line: line) { bytes, column in
                    try SampleRow.checkID(bytes, column, source, line)
                }
            }
        }
        if builder.batch.isFull { try writer.add(builder.take()) }
    }

    func replace(time: Int64, charger: String, metric: String, value: Double, replacing: Double) throws {
        writer.replace(SampleReplacement(time: time, charger: charger, metric: metric, value: value, replacing: replacing))
    }

    func flush() throws {
        if builder.batch.count > 0 { try writer.add(builder.take()) }
    }
}
