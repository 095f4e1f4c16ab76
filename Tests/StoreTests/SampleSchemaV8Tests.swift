import Engine
import Foundation
import GRDB
import Gates
@testable import Store
import Testing

/// A store written before v8 (a row per day, metric and charger) is converted on open to a row per charger and day:
/// the same totals, it verifies (in depth once: its day seals went with the old rows, then by the seals again), and
/// an edit made before the upgrade is still found after it.
@Suite struct SampleSchemaV8Tests {
    static let window = EvidenceWindow(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 4_000_000_000))

    static func beforeV8(_ f: SampleFixture, edit: String? = nil) throws {
        let queue = try DatabaseQueue(path: f.store.path)
        try queue.write { db in
            try SampleFixture.chunksAsBeforeV8(db)
            if let edit { try db.execute(sql: edit) }
        }
    }

    @Test func aStoreOfChunksIsConvertedAndVerifies() throws {
        let f = try SampleVerifyTests.fixture()
        let names = ["a", "b", "c"]
        let before = try f.store.totals(of: names, chargers: SampleTotalsTests.chargers, window: Self.window)
        let perCharger = try f.store.totalsByCharger(of: names, chargers: SampleTotalsTests.chargers, window: Self.window)
        let summaries = try f.store.metricSummaries()
        #expect(try f.store.verify().sampleDaysSealed > 0)
        try Self.beforeV8(f)
        let reopened = try MigrateStore(path: f.store.path)
        let old = try DatabaseQueue(path: f.store.path).read { db in try db.tableExists("sample_chunks") }
        #expect(!old, "the chunks' table is dropped")
        #expect(try reopened.totals(of: names, chargers: SampleTotalsTests.chargers, window: Self.window) == before)
        #expect(try reopened.totalsByCharger(of: names, chargers: SampleTotalsTests.chargers, window: Self.window) == perCharger)
        #expect(try reopened.metricSummaries() == summaries)
        let first = try reopened.verify()
        #expect(first.ok, "\(first.problem ?? "")")
        #expect(first.sampleDays > 5)
        #expect(first.sampleDaysSealed == 0, "the seals of the old rows are dropped")
        let second = try reopened.verify()
        #expect(second.sampleDaysSealed == second.sampleDays)
        // And new samples merge into the converted rows.
        try SampleFixture.importInto(reopened, f, "three.csv", SampleTotalsTests.csv(SampleTotalsTests.samples(seed: 12)))
        #expect(try reopened.verify().ok)
    }

    @Test(arguments: [
        ("a sum edited", "UPDATE sample_chunks SET total = total * 100 WHERE day = (SELECT MIN(day) FROM sample_chunks)", "has sum"),
        ("a blob zeroed", "UPDATE sample_chunks SET samples = zeroblob(length(samples)) WHERE day = (SELECT MAX(day) FROM sample_chunks)", "sample times"),
        ("a chunk moved", """
            UPDATE sample_chunks SET charger = (SELECT MAX(id) + 1 FROM sample_chargers) WHERE (day, metric, charger) = (SELECT day, metric, charger FROM sample_chunks LIMIT 1)
            """, "does not exist"),
    ])
    func anEditBeforeTheUpgradeIsFoundAfterIt(what: String, sql: String, expected: String) throws {
        let f = try SampleVerifyTests.fixture()
        try Self.beforeV8(f, edit: sql)
        let report = try MigrateStore(path: f.store.path).verify()
        #expect(report.problem?.contains(expected) == true, "\(what): \(report.problem ?? "verify passed")")
    }
}
