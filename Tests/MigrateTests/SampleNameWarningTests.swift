import Foundation
import Testing

/// A playbook whose metric reads a misspelt sample name (`session.startd`) keeps its gate pending for ever:
/// `validate` says so with the line and a suggestion, with `--db` also for names no import has stored, and
/// `cohort create` prints the same warnings; none of them fails or refuses.
@Suite("sample names a playbook reads")
struct SampleNameWarningTests {
    static func playbook(_ started: String) -> String {
        """
        playbook: names
        version: 1
        backends: { legacy: "ws://legacy.example.net/ocpp", target: "ws://target.example.net/ocpp" }
        from: legacy
        to: target
        metrics:
          start_success:
            ratio: [\(started), session.attempted]
          custom:
            sum: site.custom_count
          switches:
            mean: route.switch.failed
        phases:
          - name: pilot
            scope: all
            gates:
              - { metric: start_success, at_least: 0.9 }
              - { metric: custom, at_most: 3 }
              - { metric: switches, at_most: 0 }
        plans:
          rollback:
            - route: legacy
        """
    }

    @Test func misspeltAndUnstoredNamesAreWarnedAboutNeverRefused() async throws {
        let dir = try AsyncMigrate.temporaryDirectory()
        try Self.playbook("session.startd").write(to: dir.appendingPathComponent("typo.yaml"), atomically: true, encoding: .utf8)
        try Self.playbook("session.started").write(to: dir.appendingPathComponent("good.yaml"), atomically: true, encoding: .utf8)
        try "id\nC1\nC2\n".write(to: dir.appendingPathComponent("fleet.csv"), atomically: true, encoding: .utf8)
        try "time,charger,metric,value\n2026-09-01T10:00:00Z,C1,session.attempted,1\n2026-09-01T10:00:00Z,C1,session.started,1\n"
            .write(to: dir.appendingPathComponent("s.csv"), atomically: true, encoding: .utf8)
        let now = ["--db", "t.db", "--now", "2026-09-02T12:00:00Z"]

        // Without a store: only the misspelling, with its line, the metric and the suggestion.
        let offline = try await AsyncMigrate.run(["validate", "typo.yaml"], in: dir)
        #expect(offline.status == 0, "\(offline)")
        #expect(offline.stdout.contains("typo.yaml:7:3: warning: metric 'start_success' reads samples named 'session.startd'"), "\(offline)")
        #expect(offline.stdout.contains("did you mean 'session.started'?"), "\(offline)")
        #expect(!offline.stdout.contains("site.custom_count") && !offline.stdout.contains("route.switch"), "\(offline)")
        #expect(offline.stderr.contains("typo.yaml: 0 errors, 1 warning"), "\(offline)")
        let clean = try await AsyncMigrate.run(["validate", "good.yaml"], in: dir)
        #expect(clean.stdout.isEmpty && clean.stderr.contains("good.yaml: ok"), "\(clean)")

        // --db never creates a store.
        let missing = try await AsyncMigrate.run(["validate", "--db", "t.db", "good.yaml"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("--db t.db: no store there"), "\(missing)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("t.db").path))

        #expect(try await AsyncMigrate.run(["fleet", "import", "fleet.csv"] + now, in: dir).status == 0)
        #expect(try await AsyncMigrate.run(["metrics", "import", "s.csv"] + now, in: dir).status == 0)

        // With the store: also the custom name no import has stored; the proxy's route.switch.* never.
        let stored = try await AsyncMigrate.run(["validate", "--json", "--db", "t.db", "good.yaml"], in: dir)
        #expect(stored.status == 0, "\(stored)")
        let warnings = try JSONSerialization.jsonObject(with: Data(stored.stdout.utf8)) as! [[String: Any]]
        #expect(warnings.count == 1, "\(stored)")
        #expect(warnings.first?["line"] as? Int == 9 && warnings.first?["severity"] as? String == "warning")
        #expect((warnings.first?["message"] as? String)?.contains("'site.custom_count', which no import has stored yet") == true, "\(stored)")
        #expect((warnings.first?["message"] as? String)?.contains("stored: session.attempted, session.started") == true, "\(stored)")

        // cohort create: the cohort is created, the warnings go to standard error with the file's line.
        let created = try await AsyncMigrate.run(["cohort", "create", "c", "--playbook", "typo.yaml", "--all"] + now, in: dir)
        #expect(created.status == 0, "\(created)")
        #expect(created.stdout.contains("cohort c created with 2 chargers"), "\(created)")
        #expect(created.stderr.contains("typo.yaml:7:3: warning:") && created.stderr.contains("did you mean 'session.started'?"), "\(created)")
        #expect(created.stderr.contains("typo.yaml:9:3: warning:") && created.stderr.contains("site.custom_count"), "\(created)")
        #expect(!created.stdout.contains("warning"), "warnings never on standard output: \(created)")
    }
}
