import Engine
import Foundation
import GRDB
@testable import Store
import Testing

/// `verify` checks sample days by their seals once they were found to match the journal, and still finds every
/// edit: an edited day no longer hashes to its seal and is checked in depth.
@Suite struct SampleSealTests {
    /// Days an import wrote whole are sealed by the import; days it merged into are sealed by the first verify.
    @Test func importsAndVerifySealDaysAndLaterRunsCheckByTheSeals() throws {
        let f = try SampleFixture(fleet: SampleTotalsTests.chargers)
        let all = SampleTotalsTests.samples(seed: 11)
        try f.importFile("one.csv", SampleTotalsTests.csv(Array(all[..<2000])))
        let first = try f.store.verify()
        #expect(first.ok, "\(first.problem ?? "")")
        #expect(first.sampleDays > 5)
        #expect(first.sampleDaysSealed == first.sampleDays, "one import into an empty store seals every day it wrote")
        try f.importFile("two.csv", SampleTotalsTests.csv(Array(all[1500...])))
        let second = try f.store.verify()
        #expect(second.ok, "\(second.problem ?? "")")
        #expect(second.sampleDaysSealed < second.sampleDays, "the days the second import merged into are checked in depth")
        let third = try f.store.verify()
        #expect(third.ok)
        #expect(third.sampleDaysSealed == third.sampleDays, "and sealed by that verify")
        let full = try f.store.verify(full: true)
        #expect(full.ok)
        #expect(full.sampleDaysSealed == 0)
        #expect(full.sampleDays == third.sampleDays)
    }

    @Test(arguments: [
        ("a blob edited", "UPDATE sample_rows SET data = zeroblob(length(data)) WHERE day = (SELECT MAX(day) FROM sample_rows)", "inconsistent"),
        ("a row deleted", "DELETE FROM sample_rows WHERE (day, charger) = (SELECT day, charger FROM sample_rows LIMIT 1)", "fleet-wide"),
        ("a charger renamed", "UPDATE sample_chargers SET charger = 'CP-99' WHERE id = (SELECT MIN(id) FROM sample_chargers)", "with another digest"),
        ("a per-second sum moved", """
            UPDATE fleet_seconds SET second = second + 1 WHERE (metric, second) = (SELECT metric, MAX(second) FROM fleet_seconds)
            """, "fleet-wide"),
    ])
    func editsOfSealedDaysAreFound(what: String, sql: String, expected: String) throws {
        let f = try SampleVerifyTests.fixture()
        #expect(try f.store.verify().sampleDaysSealed > 0)
        try SampleVerifyTests.tamper(f, sql)
        let report = try f.store.verify()
        #expect(report.problem?.contains(expected) == true, "\(what): \(report.problem ?? "verify passed")")
    }

    @Test func anEditedSumOfASealedDayIsFound() throws {
        let f = try SampleVerifyTests.fixture()
        #expect(try f.store.verify().sampleDaysSealed > 0)
        try f.editChunks(where: "day = (SELECT MIN(day) FROM sample_rows)") { $0.total += 1 }
        #expect(try f.store.verify().problem?.contains("has sum") == true)
    }

    /// A fleet-wide sum planted on a day before any sample of it is not sealed by the import that then writes the day.
    @Test func aSumPlantedBeforeAnImportIsNotSealedByIt() throws {
        let f = try SampleFixture(fleet: SampleTotalsTests.chargers)
        let all = SampleTotalsTests.samples(seed: 7)
        let day = SampleTotalsTests.base / 86_400
        try SampleVerifyTests.tamper(f, "INSERT INTO fleet_days (metric, day, total, n) VALUES (1, \(day), 5, 1)")
        try f.importFile("one.csv", SampleTotalsTests.csv(all))
        let report = try f.store.verify()
        #expect(report.problem?.contains("fleet-wide sum") == true, "\(report.problem ?? "verify passed")")
    }

    /// The seals hold no secret (docs/metrics.md): an edit whose seal is recomputed passes a plain verify, and
    /// `verify --full` finds it.
    @Test func aRecomputedSealIsFoundByTheFullCheck() throws {
        let f = try SampleVerifyTests.fixture()
        let queue = try DatabaseQueue(path: f.store.path)
        try queue.write { db in
            let day = try Int64.fetchOne(db, sql: "SELECT MAX(day) FROM sample_rows")!
            try SampleFixture.editChunks(db, where: "day = \(day)") { $0.total *= 2 }
            try db.execute(sql: "UPDATE sample_seals SET seal = ? WHERE day = ?", arguments: [Data(try SampleSeal(db: db).day(day)), day])
        }
        #expect(try f.store.verify().ok)
        let full = try f.store.verify(full: true)
        #expect(full.problem?.contains("has sum") == true, "\(full.problem ?? "verify --full passed")")
    }

    @Test func aStoreWithoutSealsIsCheckedInDepthAndSealedByItsFirstVerify() throws {
        let f = try SampleVerifyTests.fixture()
        try SampleVerifyTests.tamper(f, "DELETE FROM sample_seals; DELETE FROM seals")
        let first = try f.store.verify()
        #expect(first.ok)
        #expect(first.sampleDaysSealed == 0)
        let second = try f.store.verify()
        #expect(second.sampleDaysSealed == second.sampleDays)
    }
}
