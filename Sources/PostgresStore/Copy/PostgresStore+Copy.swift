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

    /// Streams the samples, group by group in key order, from one read-only snapshot: a thread of its own reads the
    /// rows and hands each group over when the next begins (at most 4,096 groups waiting), and `body` runs on this
    /// thread (it writes to the other store, which may be another PostgreSQL). Memory stays bounded.
    public func forEachSampleGroup(_ body: (SampleGroup) throws -> Void) throws {
        let handoff = BlockingHandoff<SampleGroup, Void>(limit: 4096)
        let session = self.session
        handoff.start { handoff in
            try session.run { c in
                try await c.transaction(c.logger, readSnapshot: true) {
                    let rows = try await c.query("SELECT day::bigint, metric::bigint, charger::bigint, t, v FROM samples ORDER BY day, metric, charger, t",
                                                 logger: c.logger)
                    var current: SampleGroup?
                    for try await (day, metric, charger, t, v) in rows.decode((Int64, Int64, Int64, Int64, Double).self) {
                        if let g = current, g.day != day || g.metric != metric || g.charger != charger {
                            try handoff.send(g)
                            current = nil
                        }
                        if current == nil { current = SampleGroup(day: day, metric: metric, charger: charger, samples: []) }
                        current!.samples.append((t, v))
                    }
                    if let current { try handoff.send(current) }
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
                try await c.exec("""
                    INSERT INTO sample_days (day, metric, charger, total, n, first, last)
                    SELECT day, metric, charger, sum(v ORDER BY t), count(*), min(t), max(t) FROM samples GROUP BY day, metric, charger
                    """, c.logger)
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
            INSERT INTO samples (day, metric, charger, t, v)
            SELECT * FROM unnest(\(day)::int[], \(metric)::int[], \(charger)::int[], \(time)::bigint[], \(value)::float8[])
            """, c.logger)
    }
}
