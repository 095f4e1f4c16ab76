import Foundation
import Testing

/// `migrate ocpp import --db postgres://...` end to end on a log recorded between real OCPP peers: the same refusals,
/// reports and gate values as on a SQLite store fed the same log.
@Suite("PostgreSQL: migrate ocpp import", .disabled(if: PostgresServer.url == nil, Comment(rawValue: PostgresServer.missing)))
struct PostgresOCPPImportCLITests {
    static let log = Paths.packageRoot.appendingPathComponent("Tests/OCPPTests/Fixtures/peers-seed1.jsonl").path
    static let fleet = "id,site\nNL-AMS-001,a\nCS201-UTR-01,a\nNL-AMS-002,b\nDE-BER-0007,b\nCS201-UTR-02,b\n"
    static let playbook = """
        playbook: kpi-gates
        version: 1
        backends: { legacy: "wss://legacy.example.net/ocpp", target: "wss://target.example.net/ocpp" }
        from: legacy
        to: target
        metrics:
          session_start_success: { ratio: [session.started, session.attempted] }
          connection_drops: { per_charger_day: connection.dropped }
          remote_action_success: { ratio: [remote.succeeded, remote.requested] }
          energy: { sum: energy.wh }
        phases:
          - name: pilot
            scope: { site: a }
            gates:
              - { metric: session_start_success, at_least: 0.5, window: 3d }
              - { metric: connection_drops, at_most: 5, window: 3d }
              - { metric: remote_action_success, at_least: 0.1, window: 3d, compare_to: legacy, max_drop: 0.5 }
              - { metric: energy, at_least: 0, window: 3d }
        plans:
          rollback:
            - route: legacy

        """

    /// Fleet (without `RDAM 123`, which the log has), cohort, the log refused then imported skipping it; the JSON report.
    static func importInto(_ box: Sandbox) async throws -> [String: Any] {
        try await box.okAsync(["fleet", "import", try box.write("fleet.csv", fleet)], now: "2026-08-31T00:00:00Z")
        try await box.okAsync(["cohort", "create", "pilot", "--playbook", try box.write("p.yaml", playbook), "--all"], now: "2026-08-31T00:00:00Z")
        let refused = try await box.runAsync(["ocpp", "import", log], now: "2026-09-06T00:00:00Z")
        #expect(refused.status == 1 && refused.stderr.contains("of 1 charger not in the fleet (RDAM 123)"), "\(refused)")
        #expect(refused.stderr.contains("peers-seed1.jsonl:17: "), "\(refused)")
        let imported = try await box.okAsync(["ocpp", "import", log, "--skip-unknown", "--json"], now: "2026-09-06T00:00:00Z")
        return try #require((try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [[String: Any]])?.first, "\(imported)")
    }

    @Test("the same log on PostgreSQL and on SQLite: the same report, the same gates to the last digit; again changes nothing")
    func theSameAsOnSQLite() async throws {
        let postgres = try Sandbox()
        postgres.db = try PostgresServer.freshDatabase()
        let sqlite = try Sandbox()
        let onPostgres = try await Self.importInto(postgres)
        let onSQLite = try await Self.importInto(sqlite)
        for key in ["samples", "duplicates", "skipped_unknown", "unknown_chargers", "start", "end", "entry", "log"] {
            #expect((onPostgres[key] as? NSObject)?.isEqual(onSQLite[key]) ?? (onSQLite[key] == nil), "\(key): \(onPostgres) vs \(onSQLite)")
        }
        #expect((onPostgres["samples"] as? Int ?? 0) > 0)
        for now in ["2026-09-02T12:00:00Z", "2026-09-04T06:30:00Z"] {
            let a = try await postgres.okAsync(["gates", "pilot", "--json"], now: now).stdout
            let b = try await sqlite.okAsync(["gates", "pilot", "--json"], now: now).stdout
            #expect(a == b, "gates at \(now):\n\(a)\nvs\n\(b)")
        }
        let again = try await postgres.okAsync(["ocpp", "import", Self.log, "--skip-unknown"], now: "2026-09-07T00:00:00Z")
        #expect(again.stdout.contains("already imported up to here (914 lines read"), "\(again)")
        try await postgres.verified()
    }
}
