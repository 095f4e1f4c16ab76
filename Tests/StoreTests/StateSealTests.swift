import Engine
import Foundation
import GRDB
@testable import Store
import Testing

/// `verify` replays the journal only when the journal or the tables changed since the last replay that passed.
@Suite struct StateSealTests {
    func sealed() async throws -> TemporaryStore {
        let t = try TemporaryStore(.sqlite)
        try await t.seed(10)
        let first = try t.store.verify()
        #expect(first.ok && !first.tablesSealed, "the first verify replays: \(first)")
        let second = try t.store.verify()
        #expect(second.ok && second.tablesSealed, "the second is checked by the seal: \(second)")
        return t
    }

    static func rewriteLastActor(_ path: String) throws {
        try DatabaseQueue(path: path).write { db in
            let row = try Row.fetchOne(db, sql: "SELECT * FROM journal ORDER BY seq DESC LIMIT 1")!
            let hash = EntryHash.hash(seq: row["seq"], at: row["at"], kind: row["kind"], cohort: row["cohort"], actor: "mallory",
                                      reason: row["reason"], simulated: row["simulated"], payload: row["payload"], prev: row["prev_hash"])
            try db.execute(sql: "UPDATE journal SET actor = 'mallory', hash = ? WHERE seq = ?", arguments: [hash, row["seq"] as Int64])
        }
    }

    func edit(_ t: TemporaryStore, _ sql: String) throws {
        try DatabaseQueue(path: t.path).write { try $0.execute(sql: sql) }
    }

    @Test(arguments: [
        ("a route", "UPDATE routes SET backend = 'legacy', url = 'wss://legacy.example/ocpp' WHERE backend = 'target' AND charger = 'CP-000'", "route of charger CP-000"),
        ("a charger's attributes", "UPDATE chargers SET attributes = '{\"site\":\"s9\"}' WHERE id = 'CP-003'", "charger CP-003"),
        ("a membership", "DELETE FROM cohort_chargers WHERE charger = 'CP-004'", "membership of cohort north"),
        ("a cohort", "UPDATE cohorts SET phase_index = 1 WHERE name = 'north'", "cohort north"),
    ])
    func anEditedTableIsReplayedAndFound(what: String, sql: String, named: String) async throws {
        let t = try await sealed()
        try edit(t, sql)
        let report = try t.store.verify()
        #expect(!report.tablesSealed)
        #expect(report.problem?.contains(named) == true, "\(what): \(report.problem ?? "verify passed")")
    }

    @Test func anAppendMakesTheNextVerifyReplay() async throws {
        let t = try await sealed()
        _ = try t.service.importFleet(csv: fleetCSV(chargers(12)), file: "fleet.csv", as: t.by())
        let report = try t.store.verify()
        #expect(report.ok && !report.tablesSealed, "\(report)")
        #expect(try t.store.verify().tablesSealed)
    }

    @Test func aRewrittenChainDoesNotMatchTheSeal() async throws {
        let t = try await sealed()
        // The last entry's actor changed and its hash recomputed: the chain verifies, but ends elsewhere than the seal.
        try Self.rewriteLastActor(t.path)
        let report = try t.store.verify()
        #expect(!report.tablesSealed, "\(report)")
        #expect(try t.store.verify(full: true).tablesSealed == false)
    }
}
