import Engine
import Foundation
import PostgresNIO
import Store

extension PostgresStore: SampleStore {
    /// Imports one CSV or JSON Lines file of samples in one transaction with its journal entry: the file is parsed
    /// as a stream (the SQLite store's parser) and written as rows per (day, charger) a buffer at a time, merged
    /// with the rows stored (a sample already stored with another value refuses the file, naming the line),
    /// digested per day and recorded, all or nothing. The same rules and the same journal entry as the SQLite store.
    /// `source`: what the journal and the messages call the file (an upload's name), read from `path`.
    public func importMetrics(path: String, source: String, actor: String, at: Date, simulated: Bool, skipUnknown: Bool) throws -> MetricsImportReport {
        try session.run { c in
            try await c.transaction(c.logger) {
                try await Self.lockJournal(c)
                return try await Self.importSamples(path: path, source: source, actor: actor, at: at, simulated: simulated, skipUnknown: skipUnknown, c)
            }
        }
    }

    static func importSamples(path: String, source: String? = nil, actor: String, at: Date, simulated: Bool, skipUnknown: Bool,
                              _ c: PostgresConnection) async throws -> MetricsImportReport {
        let log = c.logger
        var names = try await PostgresSampleNames.load(c)
        // The samples go straight into `samples`; a file imported before is only known at its end (its digest), and
        // then nothing it sent may stay.
        try await c.exec(PostgresDayRollup.workMemory, log)
        try await c.exec("SAVEPOINT samples_sent", log)
        let copied: PostgresCopyOutcome
        do {
            copied = try await PostgresSampleCopy.copy(file: path, names: &names, refuseUnknown: !skipUnknown, c)
        } catch var error as SampleImportError where error.file == path && source != nil {
            error.file = source ?? path
            throw error
        }
        let path = source ?? path
        if let seq = try await c.scalar("SELECT seq FROM metric_imports WHERE digest = \(copied.digest)", as: Int64.self, log) {
            try await c.exec("ROLLBACK TO SAVEPOINT samples_sent", log)
            return MetricsImportReport(file: path, digest: copied.digest, samples: 0, duplicates: 0, skippedUnknown: 0,
                                       unknownChargers: [], start: nil, end: nil, entry: seq, alreadyImported: true)
        }
        return try await storeIncoming(source: path, copied, names: &names, skipUnknown: skipUnknown,
                                       entry: (actor, at, simulated), c)
    }

    /// The shared end of an import, once its samples were written (`PostgresRowWriter`): refuses unknown
    /// chargers (unless `skipUnknown`) and conflicts, applies a grown frame log's `replacements`, digests each day
    /// it changed and rewrites its fleet-wide sums (`PostgresDayRollup`), and appends the `metrics-imported`
    /// entry (with `log`).
    static func storeIncoming(source path: String, _ copied: PostgresCopyOutcome, names: inout PostgresSampleNames, skipUnknown: Bool,
                              replacements: [PostgresReplacement] = [], log frameLog: JournalEvent.FrameLogPosition? = nil,
                              entry: (actor: String, at: Date, simulated: Bool), _ c: PostgresConnection) async throws -> MetricsImportReport {
        var copied = copied
        var admitted: [(PostgresReplacement, metric: Int32, charger: Int32)] = []
        var unknownReplaced = Set<String>()
        for r in replacements {
            guard names.fleet.contains(r.charger), let charger = names.charger(r.charger) else {
                copied.skippedUnknown += 1
                unknownReplaced.insert(r.charger)
                continue
            }
            admitted.append((r, names.metric(r.metric), charger))
            copied.start = min(copied.start ?? r.time, r.time)
            copied.end = max(copied.end ?? r.time, r.time)
        }
        let unknown = Set(copied.unknown).union(unknownReplaced).sorted()
        if copied.skippedUnknown > 0, !skipUnknown {
            let fleetEmpty = names.fleet.isEmpty
            let shown = unknown.prefix(5).joined(separator: ", ") + (unknown.count > 5 ? " and \(unknown.count - 5) more" : "")
            let note = fleetEmpty ? "the fleet has no chargers yet; import the fleet first" : "add them to the fleet first"
            throw SampleImportError(file: path, line: copied.firstUnknownLine, reason: """
                \(count(copied.skippedUnknown, "sample")) of \(count(unknown.count, "charger")) not in the fleet (\(shown)); \(note), \
                or drop their samples with --skip-unknown (the import then records which chargers it dropped)
                """)
        }
        if let k = copied.conflict {
            let metricName = names.metricIDs.first { $0.value == k.metric }?.key ?? "#\(k.metric)"
            let chargerName = names.chargerIDs.first { $0.value == k.charger }?.key ?? "#\(k.charger)"
            throw conflictError(path: path, line: k.line, charger: chargerName, metric: metricName, time: k.time, value: k.value, stored: k.stored)
        }
        try await names.save(c)
        let inserted = copied.inserted
        let replaced = try await PostgresReplacement.apply(admitted, source: path, c)
        var perDay = copied.insertedPerDay
        for (day, n) in replaced.days { perDay[day, default: 0] += n }
        let addedPerDay = perDay.sorted { $0.key < $1.key }
        let stored = inserted + replaced.added
        var days: [JournalEvent.StoredDay] = []
        let dayNames = PostgresDayRollup.Names(names)
        for (day, added) in addedPerDay {
            // A day new to the store was digested as written, unless a replacement changed it since.
            let asWritten = replaced.days[day] == nil ? copied.writer.digested[Int32(truncatingIfNeeded: day)] : nil
            let state: PostgresDayDigest.Day
            if let asWritten { state = asWritten } else { state = try await PostgresDayRollup.refresh(day: day, names: dayNames, c) }
            days.append(.init(day: PostgresDayDigest.dayText(day), added: added, chunks: state.chunks, samples: state.samples, digest: state.digest))
        }
        func date(_ micros: Int64?) -> Date? { micros.map { Date(timeIntervalSince1970: Double($0) / 1e6) } }
        let digest = frameLog?.digest ?? copied.digest
        let event = JournalEvent.MetricsImported(file: path, digest: digest, samples: stored, duplicates: copied.rows - inserted,
                                                 start: date(copied.start), end: date(copied.end), unknownChargers: unknown, stored: days,
                                                 log: frameLog, replaced: replaced.replaced > 0 ? replaced.replaced : nil)
        let appended = try await append(NewEntry(at: entry.at, cohort: nil, actor: entry.actor, reason: nil, simulated: entry.simulated,
                                                 event: .metricsImported(event)), c)
        return MetricsImportReport(file: path, digest: digest, samples: stored, duplicates: copied.rows - inserted,
                                   skippedUnknown: copied.skippedUnknown, unknownChargers: unknown,
                                   start: date(copied.start), end: date(copied.end), entry: appended.seq, alreadyImported: false,
                                   replaced: replaced.replaced, log: frameLog)
    }

    static func conflictError(path: String, line: Int?, charger: String, metric: String, time t: Int64, value: Double, stored other: Double) -> SampleImportError {
        SampleImportError(file: path, line: line, reason: """
            charger \(charger), metric \(metric) at \(formatTime(t)) has value \(format(value)), but \(format(other)) is already stored for the same \
            charger, metric and time (from an earlier import or an earlier line of this file); a sample is never overwritten
            """)
    }

    static func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    static func formatTime(_ micros: Int64) -> String {
        let seconds = PostgresSampleCopy.floorDiv(micros, 1_000_000), rest = micros - seconds * 1_000_000
        let base = ISOTime.format(Date(timeIntervalSince1970: Double(seconds)))
        return rest == 0 ? base : base.replacingOccurrences(of: "Z", with: String(format: ".%06dZ", rest))
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }
}
