import Foundation
import Testing

/// `migrate demo` is the first thing a new user runs: it must work, tell the story, and leave a store that verifies.
@Suite(.serialized) struct DemoTests {
    @Test func theDemoWalksEveryPhaseAndRollsBack() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.db").path

        let demo = try await Migrate.run(["demo", "--db", db], in: dir)
        #expect(demo.status == 0, "\(demo.stderr)")
        for phrase in ["not enough evidence yet", "only", "samples needed", "ISS-1", "one person counts once",
                       "pilot → checkpoint", "checkpoint → expansion", "the cohort is complete", "worse by",
                       "migrate ocpp import", "already imported up to here", "on the proxied chargers' real traffic",
                       "rollback-started", "X-Migrate-Signature: sha256=", "Idempotency-Key: south/rollback/", "rolled-back", "ok: "] {
            #expect(demo.stdout.contains(phrase), "the demo's output should say '\(phrase)'")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("migrate.db").path), "the demo never writes the default store")

        let status = try await Migrate.run(["status", "--json", "--db", db], in: dir)
        let cohorts = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]]
        let byName = Dictionary(uniqueKeysWithValues: (cohorts ?? []).map { ($0["cohort"] as? String ?? "", $0) })
        #expect(byName["north"]?["status"] as? String == "completed")
        #expect(byName["south"]?["status"] as? String == "rolled-back")
        #expect((byName["south"]?["routes"] as? [String: Int])?["target"] == 0)

        let verify = try await Migrate.run(["verify", "--db", db], in: dir)
        #expect(verify.status == 0, "\(verify.stderr)")

        // The south pilot's OCPP traffic it imported is what the real peers recorded: the generator's count.
        let traffic = dir.appendingPathComponent("demo.files/south-pilot-traffic.jsonl").path
        let kpis = try await Migrate.run(["ocpp", "kpis", traffic, "--json"], in: dir)
        #expect(kpis.status == 0 && kpis.stderr.isEmpty, "\(kpis.stderr)")
        let expected = try Data(contentsOf: Migrate.repositoryRoot.appendingPathComponent("tools/ocpp-peers/demo/south-pilot.expected.json"))
        #expect(try JSONSerialization.jsonObject(with: Data(kpis.stdout.utf8)) as? NSDictionary
                == JSONSerialization.jsonObject(with: expected) as? NSDictionary)

        // Run again: it replaces its own previous store and tells the same story.
        let again = try await Migrate.run(["demo", "--db", db], in: dir)
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test func theDemoRefusesAStoreThatIsNotItsOwn() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let defaultStore = try await Migrate.run(["demo", "--db", "./migrate.db"], in: dir)
        #expect(defaultStore.status == 1)
        #expect(defaultStore.stderr.contains("never writes the default store"))
    }
}
