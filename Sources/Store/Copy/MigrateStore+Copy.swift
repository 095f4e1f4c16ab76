import Engine
import Foundation
internal import GRDB

extension MigrateStore: CopyableStore {
    public var location: String { path }

    public func journalRows() throws -> [JournalRow] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, at, kind, cohort, actor, reason, simulated, payload, prev_hash, hash FROM journal ORDER BY seq").map {
                JournalRow(seq: $0[0], at: $0[1], kind: $0[2], cohort: $0[3], actor: $0[4], reason: $0[5], simulated: $0[6], payload: $0[7],
                           prevHash: $0[8], hash: $0[9])
            }
        }
    }

    public func sampleNames() throws -> SampleNameTable {
        try pool.read { db in
            SampleNameTable(metrics: try Row.fetchAll(db, sql: "SELECT id, name FROM metric_names ORDER BY id").map { ($0[0], $0[1]) },
                            chargers: try Row.fetchAll(db, sql: "SELECT id, charger FROM sample_chargers ORDER BY id").map { ($0[0], $0[1]) })
        }
    }

    public func forEachSampleGroup(_ body: (SampleGroup) throws -> Void) throws {
        try pool.read { db in
            // Day by day; within a day charger by charger, each charger's metrics in id order.
            let rows = try RawStatement(db, "SELECT day, charger, data FROM sample_rows ORDER BY day, charger")
            while try rows.step() {
                let day = rows.int64(0), charger = rows.int64(1)
                let intact = try ChargerDay.forEach(rows.blob(2), day: day) { section in
                    guard let samples = SampleChunk.decode(section.samples, day: day) else {
                        throw StoreError("the stored samples of day \(ISOTimeText.day(day)) are damaged; run `migrate verify`")
                    }
                    try body(SampleGroup(day: day, metric: section.metric, charger: charger, samples: samples))
                }
                guard intact else {
                    rows.reset()
                    throw StoreError("the stored samples of day \(ISOTimeText.day(day)) are damaged; run `migrate verify`")
                }
            }
        }
    }

    public func restore(journal: [JournalRow], names: SampleNameTable, samples feed: ((SampleGroup) throws -> Void) throws -> Void) throws {
        try requireWritable()
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let existing = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM journal") ?? 0
                let samples = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM sample_rows") ?? 0
                guard existing == 0, samples == 0 else {
                    throw StoreError("the store \(path) is not empty (\(existing) journal entries); copy into a new store", kind: .conflict)
                }
                for r in journal {
                    try db.execute(sql: """
                        INSERT INTO journal (seq, at, kind, cohort, actor, reason, simulated, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [r.seq, r.at, r.kind, r.cohort, r.actor, r.reason, r.simulated, r.payload, r.prevHash, r.hash])
                    let entry = try Self.copiedEntry(r)
                    try Projector.apply(entry, db)
                }
                for m in names.metrics { try db.execute(sql: "INSERT INTO metric_names (id, name) VALUES (?, ?)", arguments: [m.id, m.name]) }
                for c in names.chargers { try db.execute(sql: "INSERT INTO sample_chargers (id, charger) VALUES (?, ?)", arguments: [c.id, c.name]) }
                let metricNames = Dictionary(uniqueKeysWithValues: names.metrics.map { ($0.id, $0.name) })
                let chargerNames = Dictionary(uniqueKeysWithValues: names.chargers.map { ($0.id, $0.name) })
                var writer = try SampleStreamWriter(db: db, skipUnknown: false)
                var builder = SampleBatchBuilder()
                var line = 0
                try feed { group in
                    guard var metric = metricNames[group.metric], var charger = chargerNames[group.charger] else {
                        throw StoreError("a copied sample names metric \(group.metric) or charger \(group.charger), which the source's names do not hold")
                    }
                    try charger.withUTF8 { c in
                        try metric.withUTF8 { m in
                            for s in group.samples {
                                line += 1
                                builder.append(time: s.time, charger: c, metric: m, value: s.value, line: line) { _, _ in }
                                if builder.batch.isFull { try writer.add(builder.take()) }
                            }
                        }
                    }
                }
                if builder.batch.count > 0 { try writer.add(builder.take()) }
                let outcome = try writer.finish()
                if outcome.skippedUnknown > 0 {
                    throw StoreError("the copied samples name chargers that the copied fleet does not hold: \(outcome.unknownChargers.prefix(5).joined(separator: ", "))")
                }
                return .commit
            }
        }
    }

    /// The entry a copied row holds, checked against its own hash first.
    package static func copiedEntry(_ r: JournalRow) throws -> JournalEntry {
        let hash = EntryHash.hash(seq: r.seq, at: r.at, kind: r.kind, cohort: r.cohort, actor: r.actor, reason: r.reason,
                                  simulated: r.simulated, payload: r.payload, prev: r.prevHash)
        guard hash == r.hash, let kind = EntryKind(rawValue: r.kind), let at = ISOTime.parse(r.at) else {
            throw StoreError("journal entry \(r.seq) of the source does not match its hash; run `migrate verify` on the source", kind: .conflict)
        }
        return JournalEntry(seq: r.seq, at: at, cohort: r.cohort, actor: r.actor, reason: r.reason, simulated: r.simulated,
                            event: try JournalCoding.event(kind: kind, payload: r.payload))
    }
}
