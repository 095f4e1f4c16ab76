import Engine
import Foundation
import GRDB
import Gates
@testable import Store
import Testing

/// `verify` covers the samples: each import journals what every day it added to holds, and edits of the
/// sample tables are found.
@Suite struct SampleVerifyTests {
    static func fixture() throws -> SampleFixture {
        let f = try SampleFixture(fleet: SampleTotalsTests.chargers)
        let all = SampleTotalsTests.samples(seed: 11)
        try f.importFile("one.csv", SampleTotalsTests.csv(Array(all[..<2000])))
        try f.importFile("two.csv", SampleTotalsTests.csv(Array(all[1500...])))
        #expect(try f.store.verify().ok)
        #expect(try f.store.verify().sampleDays > 5)
        return f
    }

    static func tamper(_ f: SampleFixture, _ sql: String) throws {
        let queue = try DatabaseQueue(path: f.store.path)
        try queue.write { try $0.execute(sql: sql) }
    }

    @Test(arguments: [
        ("half the rows deleted", "DELETE FROM sample_rows WHERE charger % 2 = 0", "fleet-wide sum"),
        ("rows deleted with the fleet sums", """
            DELETE FROM sample_rows WHERE day = (SELECT MIN(day) FROM sample_rows);
            DELETE FROM fleet_days WHERE day = (SELECT MIN(day) FROM fleet_days);
            DELETE FROM fleet_seconds WHERE second < (SELECT MIN(day) FROM sample_rows) * 86400
            """, "the sample tables do not follow from the journal"),
        ("a row moved to another charger", """
            UPDATE sample_rows SET charger = (SELECT MAX(id) + 1 FROM sample_chargers) WHERE (day, charger) = (SELECT day, charger FROM sample_rows LIMIT 1)
            """, "does not exist"),
        ("a blob zeroed", "UPDATE sample_rows SET data = zeroblob(length(data)) WHERE day = (SELECT MAX(day) FROM sample_rows)", "inconsistent"),
        ("a blob cut short", "UPDATE sample_rows SET data = substr(data, 1, length(data) - 1) WHERE day = (SELECT MAX(day) FROM sample_rows)", "inconsistent"),
        ("a row's count edited", "UPDATE sample_rows SET n = n + 1 WHERE (day, charger) = (SELECT day, charger FROM sample_rows LIMIT 1)", "counts"),
        ("fleet totals edited", "UPDATE fleet_days SET total = total + 1", "fleet-wide sum"),
        ("per-second sums edited", "UPDATE fleet_seconds SET n = n + 1 WHERE second = (SELECT MAX(second) FROM fleet_seconds)", "fleet-wide sum"),
    ])
    func tamperingIsFound(what: String, sql: String, expected: String) throws {
        let f = try Self.fixture()
        try Self.tamper(f, sql)
        let report = try f.store.verify()
        #expect(report.problem?.contains(expected) == true, "\(what): \(report.problem ?? "verify passed")")
    }

    @Test func editedChunksAreFound() throws {
        let f = try Self.fixture()
        try f.editChunks { $0.total *= 100 }
        #expect(try f.store.verify().problem?.contains("has sum") == true)
        let g = try Self.fixture()
        // A chunk's samples and count kept, its last time moved.
        try g.editChunks(where: "day = (SELECT MAX(day) FROM sample_rows)") { $0.last += 1 }
        #expect(try g.store.verify().problem?.contains("first or last time") == true)
        let h = try Self.fixture()
        // Two chunks of a row in the wrong order: the row is damaged.
        try h.editChunks(where: "(day, charger) = (SELECT day, charger FROM sample_rows WHERE length(data) > 40 LIMIT 1)") { $0.metric = 1 }
        #expect(try h.store.verify().problem?.contains("inconsistent") == true)
    }

    @Test func swappedSamplesKeepingEverySumAreFoundByTheDigest() throws {
        let f = try Self.fixture()
        // Two chargers' rows of the same day swap owners: every sum stays right, only who is wrong.
        try Self.tamper(f, """
            CREATE TEMP TABLE pair AS SELECT day, MIN(charger) AS a, MAX(charger) AS b FROM sample_rows
                GROUP BY day HAVING COUNT(*) > 1 LIMIT 1;
            UPDATE sample_rows SET charger = -1 WHERE (day, charger) IN (SELECT day, a FROM pair);
            UPDATE sample_rows SET charger = (SELECT a FROM pair) WHERE (day, charger) IN (SELECT day, b FROM pair);
            UPDATE sample_rows SET charger = (SELECT b FROM pair) WHERE charger = -1;
            """)
        let report = try f.store.verify()
        #expect(report.problem?.contains("with another digest") == true, "\(report.problem ?? "verify passed")")
    }

    /// The digest's bytes are documented in docs/metrics.md so that another store can write the same journal;
    /// this pins them (the expected digest was computed from that description with Python's hashlib).
    @Test func theDayDigestIsTheDocumentedBytes() throws {
        let f = try SampleFixture()
        let report = try f.importFile("d.csv", """
            time,charger,metric,value
            2026-11-01T11:00:00Z,CP-1,b,3
            2026-11-01T10:00:00Z,CP-2,a,2.5
            2026-11-01T12:30:00.5Z,CP-1,b,0.1
            2026-11-01T10:00:00Z,CP-1,a,1
            """)
        let entry = try #require(try f.store.history(cohort: nil).first { $0.seq == report.entry })
        guard case let .metricsImported(p) = entry.event else { Issue.record("not an import: \(entry.event)"); return }
        #expect(p.stored == [JournalEvent.StoredDay(day: "2026-11-01", added: 4, chunks: 3, samples: 4,
                                                    digest: "473df08b6272b1f363e5ce0665f6db54513523924e6026847f82d226e6b348c2")])
    }

    @Test func importsJournaledBeforeDaysWereRecordedStillVerify() throws {
        let f = try Self.fixture()
        // Rewrite the import entries as an older migrate wrote them (no `stored`), and the hash chain after them.
        let queue = try DatabaseQueue(path: f.store.path)
        try queue.write { db in
            var prev = EntryHash.genesis
            for row in try Row.fetchAll(db, sql: "SELECT * FROM journal ORDER BY seq") {
                var payload: String = row["payload"]
                if row["kind"] == EntryKind.metricsImported.rawValue,
                   case let .metricsImported(p) = try JournalCoding.event(kind: .metricsImported, payload: payload) {
                    var old = p
                    old.stored = nil
                    payload = try JournalCoding.payload(of: .metricsImported(old))
                }
                let hash = EntryHash.hash(seq: row["seq"], at: row["at"], kind: row["kind"], cohort: row["cohort"], actor: row["actor"],
                                          reason: row["reason"], simulated: row["simulated"], payload: payload, prev: prev)
                try db.execute(sql: "UPDATE journal SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?", arguments: [payload, prev, hash, row["seq"]])
                prev = hash
            }
        }
        let report = try f.store.verify()
        #expect(report.ok, "\(report.problem ?? "")")
        #expect(report.sampleDays == 0)
        #expect(report.sampleDaysConsistentOnly > 5)
        // Still checked for consistency.
        try f.editChunks { $0.total *= 100 }
        #expect(try f.store.verify().problem?.contains("has sum") == true)
    }
}

/// A store written before v3 (chunks keyed metric first, 16 bytes a sample, imports without their days) is
/// migrated on open: its samples keep their totals and it verifies.
@Suite struct SampleSchemaV2Tests {
    @Test func aV2StoreIsMigratedAndVerifies() throws {
        let f = try SampleFixture(fleet: SampleTotalsTests.chargers)
        let all = SampleTotalsTests.samples(seed: 31)
        try f.importFile("one.csv", SampleTotalsTests.csv(all))
        let window = EvidenceWindow(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 4_000_000_000))
        let before = try f.store.totals(of: ["a", "b", "c"], chargers: SampleTotalsTests.chargers, window: window)
        // Turn it back into what v2 wrote.
        let queue = try DatabaseQueue(path: f.store.path)
        try queue.write { db in
            try SampleFixture.chunksAsBeforeV8(db)
            try db.execute(sql: """
                CREATE TABLE sample_days (metric INTEGER NOT NULL, charger INTEGER NOT NULL, day INTEGER NOT NULL, total REAL NOT NULL,
                    n INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL, samples BLOB NOT NULL,
                    PRIMARY KEY (metric, charger, day)) WITHOUT ROWID
                """)
            for row in try Row.fetchAll(db, sql: "SELECT * FROM sample_chunks") {
                let day: Int64 = row["day"]
                let blob: Data = row["samples"]
                let samples = try #require(blob.withUnsafeBytes { SampleChunk.decode($0, day: day) })
                var pairs = Data()
                for s in samples {
                    withUnsafeBytes(of: UInt64(bitPattern: s.time).littleEndian) { pairs.append(contentsOf: $0) }
                    withUnsafeBytes(of: s.value.bitPattern.littleEndian) { pairs.append(contentsOf: $0) }
                }
                try db.execute(sql: "INSERT INTO sample_days VALUES (?, ?, ?, ?, ?, ?, ?, ?)", arguments: [
                    row["metric"], row["charger"], day, row["total"], row["n"], row["first"], row["last"], pairs])
            }
            try db.execute(sql: "DROP TABLE sample_chunks; DELETE FROM grdb_migrations WHERE identifier = 'v3-sample-chunks'")
            var prev = EntryHash.genesis
            for row in try Row.fetchAll(db, sql: "SELECT * FROM journal ORDER BY seq") {
                var payload: String = row["payload"]
                if case var .metricsImported(p) = try JournalCoding.event(kind: EntryKind(rawValue: row["kind"])!, payload: payload) {
                    p.stored = nil
                    payload = try JournalCoding.payload(of: .metricsImported(p))
                }
                let hash = EntryHash.hash(seq: row["seq"], at: row["at"], kind: row["kind"], cohort: row["cohort"], actor: row["actor"],
                                          reason: row["reason"], simulated: row["simulated"], payload: payload, prev: prev)
                try db.execute(sql: "UPDATE journal SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?", arguments: [payload, prev, hash, row["seq"]])
                prev = hash
            }
        }
        let reopened = try MigrateStore(path: f.store.path)
        let report = try reopened.verify()
        #expect(report.ok, "\(report.problem ?? "")")
        #expect(report.sampleDaysConsistentOnly > 5)
        #expect(try reopened.totals(of: ["a", "b", "c"], chargers: SampleTotalsTests.chargers, window: window) == before)
        // A new import on top records its days and they are checked.
        try SampleFixture.importInto(reopened, f, "two.csv", "time,charger,metric,value\n2030-01-01T00:00:00Z,CP-1,a,5\n")
        #expect(try reopened.verify().sampleDays == 1)
    }
}

extension SampleFixture {
    static func importInto(_ store: MigrateStore, _ f: SampleFixture, _ name: String, _ text: String) throws {
        _ = try store.importMetrics(path: try f.file(name, text), actor: "test", at: SampleFixture.at, simulated: true)
    }
}
