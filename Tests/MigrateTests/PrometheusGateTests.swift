import Foundation
import Testing

/// A `prometheus:` metric gate judged by `migrate gates` against a real Prometheus (started by .ci/prometheus.sh,
/// loaded with known history: charger_port_up of CP-1 is always 1, of CP-2 is 0 one minute in four).
@Suite struct PrometheusGateTests {
    static let url = ProcessInfo.processInfo.environment["MIGRATE_TEST_PROMETHEUS_URL"]
    static let t0 = 1_780_000_000.0

    static func playbook(url: String, atLeast: Double) -> String {
        """
        playbook: port-uptime
        version: 1
        backends:
          legacy: wss://legacy.example/ocpp
          target: wss://target.example/ocpp
        from: legacy
        to: target
        prometheus: { url: "\(url)" }
        metrics:
          port_uptime:
            prometheus: avg(avg_over_time(charger_port_up{charger=~"{{chargers}}"}[{{window}}]))
        phases:
          - name: pilot
            scope: all
            gates:
              - metric: port_uptime
                at_least: \(atLeast)
                window: 1h
        plans:
          rollback:
            - route: legacy
        """
    }

    static func time(_ seconds: Double) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: Date(timeIntervalSince1970: seconds))
    }

    @Test(.enabled(if: url != nil, "needs a Prometheus loaded by .ci/prometheus.sh; set MIGRATE_TEST_PROMETHEUS_URL"),
          arguments: [(0.8, "pass", 0), (0.9, "fail", 3)] as [(Double, String, Int32)])
    func prometheusMetricGate(atLeast: Double, expected: String, exit: Int32) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-prom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.db").path
        let fleet = dir.appendingPathComponent("fleet.csv").path
        try "id,model\nCP-1,A\nCP-2,B\n".write(toFile: fleet, atomically: true, encoding: .utf8)
        let book = dir.appendingPathComponent("p.yaml").path
        try Self.playbook(url: Self.url!, atLeast: atLeast).write(toFile: book, atomically: true, encoding: .utf8)
        let created = Self.time(Self.t0 + 600)
        let now = Self.time(Self.t0 + 600 + 7_200)
        #expect(try await Migrate.run(["fleet", "import", fleet, "--db", db, "--now", created]).status == 0)
        let create = try await Migrate.run(["cohort", "create", "c", "--playbook", book, "--all", "--db", db, "--now", created])
        #expect(create.status == 0, "\(create.stderr)")
        let gates = try await Migrate.run(["gates", "c", "--json", "--db", db, "--now", now])
        #expect(gates.status == exit, "\(gates.stdout)\(gates.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(gates.stdout.utf8)) as? [String: Any]
        let gate = (report?["gates"] as? [[String: Any]])?.first
        #expect(gate?["result"] as? String == expected)
        // avg over CP-1 (1.0) and CP-2 (0.75 over any hour of whole minutes) = 0.875
        #expect(abs((gate?["value"] as? Double ?? 0) - 0.875) < 0.01, "\(gate ?? [:])")
        #expect((gate?["source"] as? [String])?.first?.contains("CP-1|CP-2") == true)
        print("PROMETHEUS-TEST-RAN (migrate gates)")
    }

    @Test func aPrometheusThatDoesNotAnswerIsPendingNeverPass() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-prom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.db").path
        let fleet = dir.appendingPathComponent("fleet.csv").path
        try "id,model\nCP-1,A\n".write(toFile: fleet, atomically: true, encoding: .utf8)
        let book = dir.appendingPathComponent("p.yaml").path
        // Port 9 (discard) on loopback: nothing listens.
        try Self.playbook(url: "http://127.0.0.1:9", atLeast: 0.0).write(toFile: book, atomically: true, encoding: .utf8)
        let at = Self.time(Self.t0)
        #expect(try await Migrate.run(["fleet", "import", fleet, "--db", db, "--now", at]).status == 0)
        #expect(try await Migrate.run(["cohort", "create", "c", "--playbook", book, "--all", "--db", db, "--now", at]).status == 0)
        let gates = try await Migrate.run(["gates", "c", "--json", "--db", db, "--now", Self.time(Self.t0 + 3_600)])
        #expect(gates.status == 3)
        let report = try JSONSerialization.jsonObject(with: Data(gates.stdout.utf8)) as? [String: Any]
        #expect(report?["result"] as? String == "pending")
    }
}
