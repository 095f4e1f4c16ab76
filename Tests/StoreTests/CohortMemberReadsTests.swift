import Application
import Engine
import Foundation
import GRDB
@testable import Store
import Testing

/// A cohort's chargers and a backend's chargers read by walking the tables side by side (a large cohort) give what
/// the joins give (which a small cohort still uses), in the byte order of the ids: ids that sort differently as
/// Swift strings and as bytes, prefixes of each other, members without a route and routes to another backend.
@Suite struct CohortMemberReadsTests {
    static let ids = ["a", "A", "a-1", "a0", "a b", "ab", "ä", "é", "z", "Ω-1", "CP-001", "CP-01", "CP-1", "~"]

    func fleet(_ ids: [String]) -> [UInt8] {
        Array((["id,site,model"] + ids.enumerated().map { "\($1),s\($0 % 3),M\($0 % 2)" }).joined(separator: "\n").utf8)
    }

    /// The joins the reads replace, run by SQLite.
    func joined(_ path: String, cohort: String) throws -> (chargers: [Charger], routes: [String: String], legacyOrUnrouted: [String]) {
        try DatabaseQueue(path: path).read { db in
            var chargers: [Charger] = []
            var routes: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT c.id, c.attributes, r.backend FROM cohort_chargers m JOIN chargers c ON c.id = m.charger
                LEFT JOIN routes r ON r.charger = m.charger WHERE m.cohort = ? ORDER BY m.charger
                """, arguments: [cohort]) {
                chargers.append(Charger(id: row[0], attributes: try AttributesText.decode(row[1])))
                if let backend: String = row[2] { routes[row[0]] = backend }
            }
            let ids = try String.fetchAll(db, sql: """
                SELECT c.id FROM chargers c LEFT JOIN routes r ON r.charger = c.id WHERE r.backend = 'legacy' OR r.charger IS NULL ORDER BY c.id
                """)
            return (chargers, routes, ids)
        }
    }

    @Test func aLargeCohortReadSideBySideAndASmallOneByTheJoinGiveWhatTheJoinsGive() async throws {
        let t = try TemporaryStore(.sqlite)
        _ = try t.service.importFleet(csv: fleet(Self.ids), file: "fleet.csv", as: t.by())
        _ = try await t.service.createCohort("north", playbook: PlaybookSource(text: storePlaybook, file: "p.yaml"), selector: .all,
                                             reason: nil, as: t.by())
        // Some members move to the target, so that routes name two backends.
        try await DatabaseQueue(path: t.path).write { db in
            try db.execute(sql: "UPDATE routes SET backend = 'target' WHERE charger IN ('a0', 'é', '~')")
        }
        for (fleetIDs, mergeExpected) in [(Self.ids, true), (Self.ids + (0..<100).map { "x-\($0)" } + ["0", "A-", "ä0"], false)] {
            _ = try t.service.importFleet(csv: fleet(fleetIDs), file: "fleet.csv", as: t.by())
            let expected = try joined(t.path, cohort: "north")
            #expect(expected.chargers.count == Self.ids.count)
            let members = Self.ids.count, all = fleetIDs.count
            #expect((members * MigrateStore.mergeShare >= all) == mergeExpected)
            let snapshot = try t.store.snapshot(of: "north")
            #expect(snapshot.chargers == expected.chargers)
            #expect(snapshot.routes == expected.routes)
            #expect(Set(snapshot.routes.values) == ["legacy", "target"])
            let legacy = try t.store.chargerIDs(routedTo: "legacy", includeUnrouted: true)
            #expect(legacy == expected.legacyOrUnrouted)
            #expect(!legacy.contains("é") && legacy.contains("ä"))
            let byBytes = fleetIDs.filter { (snapshot.routes[$0] ?? "legacy") == "legacy" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            #expect(legacy == byBytes)
        }
    }
}
