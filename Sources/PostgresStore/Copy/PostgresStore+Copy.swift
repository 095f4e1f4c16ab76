import Engine
import Foundation
import PostgresNIO
import Store

extension PostgresStore: CopyableStore {
    public var location: String { url.display }

    public func journalRows() throws -> [JournalRow] {
        try session.run { c in
            try await c.rows("SELECT seq, at, kind, cohort, actor, reason, simulated, payload, prev_hash, hash FROM journal ORDER BY seq", c.logger).map {
                let (seq, at, kind, cohort, actor, reason, simulated, payload, prev, hash) =
                    try $0.decode((Int64, String, String, String?, String, String?, Bool, String, String, String).self)
                return JournalRow(seq: seq, at: at, kind: kind, cohort: cohort, actor: actor, reason: reason, simulated: simulated,
                                  payload: payload, prevHash: prev, hash: hash)
            }
        }
    }

    public func sampleNames() throws -> SampleNameTable {
        try session.run { c in
            let metrics = try await c.rows("SELECT id::bigint, name FROM metric_names ORDER BY id", c.logger).map { try $0.decode((Int64, String).self) }
            let chargers = try await c.rows("SELECT id::bigint, charger FROM sample_chargers ORDER BY id", c.logger).map { try $0.decode((Int64, String).self) }
            return SampleNameTable(metrics: metrics.map { (id: $0.0, name: $0.1) }, chargers: chargers.map { (id: $0.0, name: $0.1) })
        }
    }

    /// Streams the samples, group by group in key order (day, metric, charger), from one read-only snapshot: a thread
    /// of its own reads the rows a day at a time and hands its groups over (at most 4,096 groups waiting), and `body` runs on this
    /// thread (it writes to the other store, which may be another PostgreSQL). Memory stays bounded.
    public func forEachSampleGroup(_ body: (SampleGroup) throws -> Void) throws {
        let handoff = BlockingHandoff<SampleGroup, Void>(limit: 4096)
        let session = self.session
        handoff.start { handoff in
            try session.run { c in
                try await c.transaction(c.logger, readSnapshot: true) {
                    // Row by row in key order (day, charger); a day's groups are handed over by (metric, charger).
                    let rows = try await c.query("SELECT day, charger, m, t, v FROM sample_rows ORDER BY day, charger", logger: c.logger)
                    var day: Int32?
                    var groups: [SampleGroup] = []
                    func flush() throws {
                        groups.sort { ($0.metric, $0.charger) < ($1.metric, $1.charger) }
                        for g in groups { try handoff.send(g) }
                        groups.removeAll()
                    }
                    for try await (d, charger, m, t, v) in rows.decode((Int32, Int32, [Int32], [Int64], [Double]).self) {
                        if d != day { try flush(); day = d }
                        guard m.count == t.count, t.count == v.count else { throw StoreError("the sample row of day \(d), charger id \(charger) is malformed") }
                        var start = 0
                        for k in 1...max(1, m.count) where !m.isEmpty && (k == m.count || m[k] != m[start]) {
                            groups.append(SampleGroup(day: Int64(d), metric: Int64(m[start]), charger: Int64(charger),
                                                      samples: (start..<k).map { (t[$0], v[$0]) }))
                            start = k
                        }
                    }
                    try flush()
                }
            }
        }
        do {
            while let group = handoff.receive() { try body(group) }
        } catch {
            handoff.cancel()
            throw error
        }
        try handoff.outcome()
    }

    public func restore(journal: [JournalRow], names: SampleNameTable, samples feed: ((SampleGroup) throws -> Void) throws -> Void) throws {
        try session.run { c in
            try await c.exec("BEGIN", c.logger)
            try await Self.lockJournal(c)
            let entries = try await Self.head(c)
            let samples = try await c.scalar("SELECT COUNT(*) FROM (SELECT 1 FROM samples LIMIT 1) s", as: Int64.self, c.logger) ?? 0
            guard entries == 0, samples == 0 else {
                try await c.exec("ROLLBACK", c.logger)
                throw StoreError("the store \(self.url.display) is not empty (\(entries) journal entries); copy into a new database", kind: .conflict)
            }
            // The samples arrive one (day, metric, charger) group at a time; the rows are built from them at the end.
            try await c.exec("CREATE TEMPORARY TABLE copied_samples (day INTEGER, metric INTEGER, charger INTEGER, t BIGINT, v DOUBLE PRECISION) ON COMMIT DROP", c.logger)
            try await c.exec(PostgresDayRollup.workMemory, c.logger)
        }
        do {
            for chunk in stride(from: 0, to: journal.count, by: 500) {
                let rows = Array(journal[chunk..<min(journal.count, chunk + 500)])
                try session.run { c in
                    for r in rows {
                        let entry = try MigrateStore.copiedEntry(r)
                        try await c.exec("""
                            INSERT INTO journal (seq, at, kind, cohort, actor, reason, simulated, payload, prev_hash, hash)
                            VALUES (\(r.seq), \(r.at), \(r.kind), \(r.cohort), \(r.actor), \(r.reason), \(r.simulated), \(r.payload), \(r.prevHash), \(r.hash))
                            """, c.logger)
                        try await PostgresProjector.apply(entry, c)
                    }
                }
            }
            try session.run { c in
                let metricIDs = names.metrics.map { Int32($0.id) }, metricNames = names.metrics.map(\.name)
                let chargerIDs = names.chargers.map { Int32($0.id) }, chargerNames = names.chargers.map(\.name)
                try await c.exec("INSERT INTO metric_names (id, name) SELECT * FROM unnest(\(metricIDs)::int[], \(metricNames)::text[])", c.logger)
                try await c.exec("INSERT INTO sample_chargers (id, charger) SELECT * FROM unnest(\(chargerIDs)::int[], \(chargerNames)::text[])", c.logger)
            }
            var batch = SampleRowsBatch()
            try feed { group in
                batch.add(group)
                if batch.count >= 50_000 {
                    let full = batch
                    batch = SampleRowsBatch()
                    try session.run { c in try await full.insert(c) }
                }
            }
            let last = batch
            try session.run { c in
                try await last.insert(c)
                try await c.exec(PostgresQuery(unsafeSQL: """
                    INSERT INTO sample_rows (day, charger, metrics, totals, counts, firsts, lasts, m, t, v)
                    \(PostgresSampleRows.rows(samples: "copied_samples", rollups: PostgresSampleRows.rollups(of: "copied_samples")))
                    """), c.logger)
                try await c.exec(PostgresQuery(unsafeSQL: "INSERT INTO fleet_days (metric, day, total, n) \(PostgresFleetSums.daysFromRollups(where: "TRUE"))"), c.logger)
                try await c.exec(PostgresQuery(unsafeSQL: "INSERT INTO fleet_seconds (metric, second, total, n) \(PostgresFleetSums.secondsFromSamples(where: "TRUE"))"), c.logger)
                try await c.exec("COMMIT", c.logger)
            }
        } catch {
            try? session.run { c in try await c.exec("ROLLBACK", c.logger) }
            throw error
        }
    }
}

/// Sample rows to insert in one statement.
struct SampleRowsBatch: Sendable {
    var day: [Int32] = [], metric: [Int32] = [], charger: [Int32] = [], time: [Int64] = [], value: [Double] = []
    var count: Int { time.count }

    mutating func add(_ g: SampleGroup) {
        for s in g.samples {
            day.append(Int32(g.day)); metric.append(Int32(g.metric)); charger.append(Int32(g.charger)); time.append(s.time); value.append(s.value)
        }
    }

    func insert(_ c: PostgresConnection) async throws {
        guard count > 0 else { return }
        try await c.exec("""
            INSERT INTO copied_samples (day, metric, charger, t, v)
            SELECT * FROM unnest(\(day)::int[], \(metric)::int[], \(charger)::int[], \(time)::bigint[], \(value)::float8[])
            """, c.logger)
    }
}
