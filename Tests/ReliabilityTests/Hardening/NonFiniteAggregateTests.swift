import Foundation
import Testing

/// Issue 9, class 4: sums that overflow to infinity are a journaled `fail` that runs `on_fail`,
/// and every JSON output still encodes (numbers that are not finite are null, the detail says why).
@Suite("Hardening: non-finite aggregates")
struct NonFiniteAggregateTests {
    static let playbook = """
        playbook: overflow
        version: 1
        backends:
          legacy: ws://legacy.example.net/ocpp
          target: ws://target.example.net/ocpp
        from: legacy
        to: target
        metrics:
          energy:
            sum: energy.kwh
          success:
            ratio: [session.started, session.attempted]
        phases:
          - name: pilot
            scope: all
            gates:
              - metric: energy
                at_most: 1000000
              - metric: success
                at_least: 0.5
            on_fail: rollback
          - name: fleet
            scope: all
        plans:
          rollback:
            - route: legacy

        """

    /// Two samples of 1e308 per name: every sum is infinite.
    static let samples = """
        time,charger,metric,value
        2026-11-02T10:00:00Z,CP-0000,energy.kwh,1e308
        2026-11-02T11:00:00Z,CP-0001,energy.kwh,1e308
        2026-11-02T10:00:00Z,CP-0000,session.started,1
        2026-11-02T10:00:00Z,CP-0000,session.attempted,1e308
        2026-11-02T11:00:00Z,CP-0001,session.attempted,1e308

        """

    func prepared() async throws -> Sandbox {
        let box = try Sandbox()
        try await box.setUpAsync(playbook: try box.write("overflow.yaml", Self.playbook))
        try await box.okAsync(["metrics", "import", try box.write("samples.csv", Self.samples)])
        box.now = Sandbox.hoursAfterT0(24)
        return box
    }

    @Test("gates --json encodes, with null values and a detail that says why, and exits 3")
    func gatesJSON() async throws {
        let box = try await prepared()
        let r = try await box.runAsync(["gates", "north", "--json"])
        #expect(r.status == 3, "\(r)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r)")
        #expect(object["result"] as? String == "fail")
        let gates = try #require(object["gates"] as? [[String: Any]])
        for gate in gates {
            #expect(gate["result"] as? String == "fail", "\(gate)")
            #expect(gate["value"] is NSNull, "\(gate)")
            #expect((gate["detail"] as? String)?.contains("not a finite number") == true, "\(gate)")
        }
        let table = try await box.runAsync(["gates", "north"])
        #expect(!table.stdout.contains("inf") && !table.stdout.contains("nan"), "\(table)")
    }

    @Test("advance is refused with a blocked entry; evaluate runs on_fail: rollback; verify passes")
    func advanceAndEvaluate() async throws {
        let box = try await prepared()
        let advance = try await box.runAsync(["advance", "north", "--reason", "try"])
        #expect(advance.status == 3, "\(advance)")
        let history = try await box.runAsync(["history", "north", "--json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]], "\(history)")
        #expect(entries.contains { $0["kind"] as? String == "blocked" }, "a blocked entry: \(history)")

        let evaluate = try await box.runAsync(["evaluate", "north"])
        #expect(evaluate.status != 1, "\(evaluate)")
        let status = try await box.runAsync(["status", "north", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any], "\(status)")
        #expect(object["status"] as? String == "rolled-back", "on_fail: rollback ran: \(status)")
        #expect((object["routes"] as? [String: Int])?["legacy"] == 4, "\(status)")
        try await box.verifiesAsync()
    }
}
