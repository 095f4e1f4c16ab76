import Engine
import Foundation
internal import GRDB

extension MigrateStore {
    /// Imports the samples of one CSV or JSON Lines file in one transaction, with its `metricsImported`
    /// journal entry, reading it as a stream: memory stays bounded whatever the file's size.
    ///
    /// A file whose digest was imported before changes nothing. A sample already stored (same charger,
    /// metric and time) with the same value is a duplicate, skipped and counted; with another value the
    /// file is refused, naming the line. Samples of chargers not in the fleet refuse the file unless
    /// `skipUnknown`, which drops them and records which. Any bad row refuses the whole file.
    public func importMetrics(path: String, actor: String, at: Date, simulated: Bool, skipUnknown: Bool = false) throws -> MetricsImportReport {
        try importMetrics(path: path, source: path, actor: actor, at: at, simulated: simulated, skipUnknown: skipUnknown)
    }

    /// The same, journaled and named in messages as `source` (an upload's name) while read from `path`.
    public func importMetrics(path: String, source: String, actor: String, at: Date, simulated: Bool, skipUnknown: Bool) throws -> MetricsImportReport {
        try importMetrics(path: path, source: source, actor: actor, at: at, simulated: simulated, skipUnknown: skipUnknown,
                          capacity: SampleStreamWriter.defaultCapacity)
    }

    /// `capacity`: the samples buffered before a write (tests make it small to exercise the flushes).
    func importMetrics(path: String, source: String? = nil, actor: String, at: Date, simulated: Bool, skipUnknown: Bool,
                       capacity: Int) throws -> MetricsImportReport {
        let source = source ?? path
        do {
            return try importMetrics(reading: path, source: source, actor: actor, at: at, simulated: simulated, skipUnknown: skipUnknown, capacity: capacity)
        } catch var error as SampleImportError where error.file == path && source != path {
            error.file = source
            throw error
        }
    }

    private func importMetrics(reading path: String, source: String, actor: String, at: Date, simulated: Bool, skipUnknown: Bool,
                               capacity: Int) throws -> MetricsImportReport {
        try importSamples(source: source, skipUnknown: skipUnknown, capacity: capacity, entry: (actor, at, simulated)) { writer in
            let channel = BatchChannel()
            SampleFileParsing.start(file: path, into: channel)
            do {
                while let batch = channel.receive() { try writer.add(batch) }
            } catch {
                channel.cancel()
                throw error
            }
            switch channel.outcome() {
            case let .digest(digest): return SampleFeedEnd(digest: digest)
            case let .failure(error): throw error
            }
        } line: { conflict, names in
            SampleFileParsing.firstLine(of: path) { charger, metric, time, value in
                charger == names.charger && metric == names.metric && time == conflict.time && value == conflict.value
            }
        }
    }

    /// How a feed ended: the input's digest, and for a frame log the position it was read up to.
    struct SampleFeedEnd {
        var digest: String
        var log: JournalEvent.FrameLogPosition?
    }

    /// The shared import path: `feed` sends the input's batches to the writer and returns its digest, inside
    /// one immediate transaction that ends with the journal entry (or stores nothing). `line` finds where a
    /// conflicting sample is in the input.
    func importSamples(source: String, skipUnknown: Bool, capacity: Int = SampleStreamWriter.defaultCapacity,
                       entry: (actor: String, at: Date, simulated: Bool),
                       feed: (inout SampleStreamWriter) throws -> SampleFeedEnd,
                       line: (SampleConflict, (metric: String, charger: String)) -> Int?) throws -> MetricsImportReport {
        var report: MetricsImportReport?
        try pool.writeWithoutTransaction { db in
            // Writes append in key order: a small page cache is enough, and memory stays bounded.
            try db.execute(sql: "PRAGMA cache_size = -8192")
            try db.inTransaction(.immediate) {
                var writer = try SampleStreamWriter(db: db, skipUnknown: skipUnknown, capacity: capacity)
                let outcome: SampleStreamWriter.Outcome
                let fed: SampleFeedEnd
                do {
                    fed = try feed(&writer)
                    let earlier: Int64? = if let log = fed.log { try Self.unchangedLogEntry(log, db) } else { try Self.importedEntry(digest: fed.digest, db) }
                    if let seq = earlier {
                        report = MetricsImportReport(file: source, digest: fed.digest, samples: 0, duplicates: 0, skippedUnknown: 0,
                                                     unknownChargers: [], start: nil, end: nil, entry: seq, alreadyImported: true, log: fed.log)
                        return .rollback
                    }
                    outcome = try writer.finish()
                } catch let conflict as SampleConflict {
                    let names = try writer.names(of: conflict)
                    throw SampleImportError(file: source, line: line(conflict, names), reason: """
                        charger \(names.charger), metric \(names.metric) at \(SampleWriter.format(conflict.time)) has value \
                        \(SampleWriter.format(conflict.value)), but \(SampleWriter.format(conflict.stored)) is already stored for the same \
                        charger, metric and time (from an earlier import or an earlier line of this file); a sample is never overwritten
                        """)
                }
                if outcome.skippedUnknown > 0, !skipUnknown {
                    throw Self.unknownChargersError(source, outcome, fleetIsEmpty: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chargers") == 0)
                }
                func date(_ micros: Int64?) -> Date? { micros.map { Date(timeIntervalSince1970: Double($0) / 1e6) } }
                let event = JournalEvent.MetricsImported(file: source, digest: fed.digest, samples: outcome.stored, duplicates: outcome.duplicates,
                                                         start: date(outcome.start), end: date(outcome.end),
                                                         unknownChargers: outcome.unknownChargers, stored: outcome.days,
                                                         log: fed.log, replaced: outcome.replaced > 0 ? outcome.replaced : nil)
                let appended = try Self.append(NewEntry(at: entry.at, cohort: nil, actor: entry.actor, reason: nil,
                                                        simulated: entry.simulated, event: .metricsImported(event)), db)
                try Self.writeSeals(outcome, seq: appended.seq, db)
                report = MetricsImportReport(file: source, digest: fed.digest, samples: outcome.stored, duplicates: outcome.duplicates,
                                             skippedUnknown: outcome.skippedUnknown, unknownChargers: outcome.unknownChargers,
                                             start: date(outcome.start), end: date(outcome.end), entry: appended.seq, alreadyImported: false,
                                             replaced: outcome.replaced, log: fed.log)
                return .commit
            }
        }
        guard let report else { throw StoreError("the import of \(source) ended without a result") }
        return report
    }

    /// Seals what the import wrote whole (see `SampleSeal`), against its journal entry; drops the name seal when
    /// the ids were not as last sealed.
    static func writeSeals(_ outcome: SampleStreamWriter.Outcome, seq: Int64, _ db: Database) throws {
        for day in outcome.days {
            guard let d = ISOTimeText.day(day.day), let seal = outcome.seals[d] else { continue }
            try SampleSeal.write(day: d, seq: seq, digest: day.digest, seal: seal, db)
        }
        try SampleSeal.writeNames(outcome.nameSeal, db)
    }

    static func unknownChargersError(_ source: String, _ outcome: SampleStreamWriter.Outcome, fleetIsEmpty: Bool) -> SampleImportError {
        let unknown = outcome.unknownChargers
        let shown = unknown.prefix(5).joined(separator: ", ") + (unknown.count > 5 ? " and \(unknown.count - 5) more" : "")
        let fleetNote = fleetIsEmpty ? "the fleet has no chargers yet; import the fleet first" : "add them to the fleet first"
        return SampleImportError(file: source, line: outcome.firstUnknownLine, reason: """
            \(count(outcome.skippedUnknown, "sample")) of \(count(unknown.count, "charger")) not in the fleet (\(shown)); \(fleetNote), \
            or drop their samples with --skip-unknown (the import then records which chargers it dropped)
            """)
    }

    static func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    static func importedEntry(digest: String, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT seq FROM metric_imports WHERE digest = ?", arguments: [digest])
    }
}
