import Engine
import Foundation
import PostgresNIO
import Store

extension PostgresStore: FrameLogStore {
    /// `ocpp import` on PostgreSQL: in one transaction under the journal's lock, reads the position the log was
    /// imported up to (`frame_logs`), lets `read` derive the samples of what is new on a thread of its own while
    /// they are written as rows a buffer at a time, then the import's shared end (unknown chargers, conflicts, the
    /// grown log's replacements, rollups, day digests, the journal entry with the log's position). Two imports of
    /// one log at once queue on the lock: the second starts from the first's position.
    public func importFrameLog(source: String, head: String, actor: String, at: Date, simulated: Bool, skipUnknown: Bool,
                               read: (JournalEvent.FrameLogPosition?, any DerivedSampleReceiver) throws -> JournalEvent.FrameLogPosition)
        throws -> MetricsImportReport {
        // The transaction runs on a thread of its own; the reader runs here once it has the earlier position.
        let feed = PostgresDerivedFeed(source: source)
        let since = OneShot<JournalEvent.FrameLogPosition?>(), report = OneShot<MetricsImportReport>()
        let session = self.session
        let thread = Thread {
            report.set(Result {
                try session.run { c in
                    try await c.transaction(c.logger) {
                        try await Self.lockJournal(c)
                        return try await Self.importFrameLog(source: source, head: head, skipUnknown: skipUnknown,
                                                             entry: (actor, at, simulated), feed: feed, since: since, c)
                    }
                }
            })
            since.set(.failure(HandoffCancelled())) // the transaction failed before the reader began
        }
        thread.stackSize = 1 << 20
        thread.start()
        var readError: (any Error)?
        switch since.wait() {
        case let .success(position):
            do { try feed.finish(try read(position, feed)) } catch {
                readError = error
                feed.handoff.finish(.failure(error))
            }
        case let .failure(error):
            feed.handoff.finish(.failure(error))
        }
        let result = report.wait()
        if let readError, !(readError is HandoffCancelled) { throw readError }
        return try result.get()
    }

    private static func importFrameLog(source: String, head: String, skipUnknown: Bool, entry: (actor: String, at: Date, simulated: Bool),
                                       feed: PostgresDerivedFeed, since: OneShot<JournalEvent.FrameLogPosition?>,
                                       _ c: PostgresConnection) async throws -> MetricsImportReport {
        let log = c.logger
        var copied = PostgresCopyOutcome()
        var names = PostgresSampleNames()
        let earlier: (position: JournalEvent.FrameLogPosition, seq: Int64)?
        do {
            earlier = try await frameLog(head: head, c)
            names = try await PostgresSampleNames.load(c)
            try await c.exec(PostgresDayRollup.workMemory, log)
            try await c.exec("SAVEPOINT samples_sent", log)
        } catch {
            since.set(.failure(error))
            throw error
        }
        since.set(.success(earlier?.position))
        do {
            try await copied.writer.begin(c)
            while let batch = feed.handoff.receive() {
                for i in 0..<batch.count {
                    copied.admit(time: batch.time[i], metric: names.metric(batch.metric[i]), charger: names.charger(batch.charger[i]),
                                 named: batch.charger[i], value: batch.value[i], line: batch.line[i], refuseUnknown: !skipUnknown)
                    if copied.isFull { try await copied.writeFull(names: names, c) }
                }
            }
            try await copied.finish(names: names, c)
        } catch {
            feed.handoff.cancel()
            throw error
        }
        let (position, replacements) = try feed.outcome()
        copied.unknown.sort()
        if let earlier, earlier.position == position {
            try await c.exec("ROLLBACK TO SAVEPOINT samples_sent", log)
            return MetricsImportReport(file: source, digest: position.digest, samples: 0, duplicates: 0, skippedUnknown: 0, unknownChargers: [],
                                       start: nil, end: nil, entry: earlier.seq, alreadyImported: true, log: position)
        }
        return try await storeIncoming(source: source, copied, names: &names, skipUnknown: skipUnknown, replacements: replacements,
                                       log: position, entry: entry, c)
    }

    /// The position the log with first-line digest `head` was last imported up to, and the entry that recorded it.
    static func frameLog(head: String, _ c: PostgresConnection) async throws -> (position: JournalEvent.FrameLogPosition, seq: Int64)? {
        guard let row = try await c.rows("SELECT position, seq FROM frame_logs WHERE head = \(head)", c.logger).first else { return nil }
        let (text, seq) = try row.decode((String, Int64).self)
        return (try JournalCoding.decoder().decode(JournalEvent.FrameLogPosition.self, from: Data(text.utf8)), seq)
    }
}

/// A value one thread sets once and another waits for (a later `set` is ignored).
final class OneShot<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Result<T, any Error>?

    func set(_ result: Result<T, any Error>) {
        condition.lock(); defer { condition.unlock() }
        if value == nil { value = result }
        condition.broadcast()
    }

    func wait() -> Result<T, any Error> {
        condition.lock(); defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}

/// A sample stored by an earlier import of a frame log whose value a grown log changes (more events at the instant
/// the earlier read stopped); see the SQLite store's `SampleReplacement`.
struct PostgresReplacement: Sendable {
    var time: Int64
    var charger: String
    var metric: String
    var value: Double
    var replacing: Double

    /// Applies `admitted` (chargers in the fleet, with their ids) after the new samples are stored: the stored value
    /// must be the one replaced (else the import is refused: something else stored a sample there); when nothing is
    /// stored, the sample is added; the fleet-wide sums change by the difference. `days`: each day touched, with the
    /// samples added to it, for the rollups and digests.
    static func apply(_ admitted: [(PostgresReplacement, metric: Int32, charger: Int32)], source: String,
                      _ c: PostgresConnection) async throws -> (replaced: Int, added: Int, days: [Int64: Int]) {
        var replaced = 0, added = 0
        var days: [Int64: Int] = [:]
        for (r, metric, charger) in admitted {
            let day = Int32(truncatingIfNeeded: PostgresSampleCopy.floorDiv(r.time, PostgresSampleCopy.microsPerDay))
            let key = PostgresStoredRow.key(day, charger)
            var row = try await PostgresStoredRow.fetch(days: [day], chargers: [charger], c)[key] ?? PostgresStoredRow(m: [], t: [], v: [], sections: [:])
            // The sample's place in the row, sorted by (metric, time).
            var k = 0
            while k < row.t.count, (row.m[k], row.t[k]) < (metric, r.time) { k += 1 }
            let new: Int, delta: Double
            if k < row.t.count, row.m[k] == metric, row.t[k] == r.time {
                guard row.v[k] == r.replacing else {
                    throw PostgresStore.conflictError(path: source, line: nil, charger: r.charger, metric: r.metric, time: r.time, value: r.value, stored: row.v[k])
                }
                row.v[k] = r.value
                replaced += 1
                (new, delta) = (0, r.value - r.replacing)
            } else {
                row.m.insert(metric, at: k); row.t.insert(r.time, at: k); row.v.insert(r.value, at: k)
                added += 1
                (new, delta) = (1, r.value)
            }
            var batch = PostgresRowBatch()
            batch.append(day: day, charger: charger, m: row.m[...], t: row.t[...], v: row.v[...],
                         sections: PostgresRowWriter.sections(m: row.m, t: row.t, v: row.v, keeping: row.sections, except: [metric]))
            try await batch.write(c)
            // The fleet-wide sums change by the difference, as on SQLite (`SampleReplacer`).
            var fleet = PostgresFleetAdds()
            fleet.change(metric: metric, day: day, second: PostgresSampleCopy.floorDiv(r.time, 1_000_000), by: delta, n: Int64(new))
            try await fleet.write(c)
            days[Int64(day), default: 0] += new
        }
        return (replaced, added, days)
    }
}
