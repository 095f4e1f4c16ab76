import Foundation
import Testing

/// The proxy imports the KPIs of what it recorded (frame log and switch log) into the store by itself,
/// so that gates see live evidence: a charger that never comes back is a failed switch, the gate on
/// `route.switch.failed` fails, and `migrate evaluate` rolls the cohort back.
@Suite(.serialized, .enabled(if: Peers.available, Peers.reason))
struct EvidenceImportTests {
    /// Fleet `ids` in cohort `c1`, whose pilot phase gates on the switches' failure rate and rolls back.
    static func fleetGatedOnSwitches(_ rig: Rig, _ ids: [String], pilot: Set<String>) async throws {
        let playbook = """
            playbook: proxy-evidence
            version: 1
            backends:
              legacy: \(rig.legacy.url)
              target: \(rig.target.url)
            from: legacy
            to: target
            metrics:
              switch_failure_rate:
                mean: route.switch.failed
              switches_completed:
                sum: route.switch.completed
            phases:
              - name: prepare
              - name: pilot
                scope: { pilot: [yes] }
                gates:
                  - metric: switch_failure_rate
                    at_most: 0
                    min_samples: \(pilot.count)
                  - metric: switches_completed
                    at_least: \(pilot.count)
                on_fail: rollback
              - name: fleet
                scope: all
            plans:
              rollback:
                - route: legacy
            """
        try playbook.write(to: rig.directory.appendingPathComponent("playbook.yaml"), atomically: true, encoding: .utf8)
        let csv = "id,pilot\n" + ids.map { "\($0),\(pilot.contains($0) ? "yes" : "no")" }.joined(separator: "\n") + "\n"
        try csv.write(to: rig.directory.appendingPathComponent("fleet.csv"), atomically: true, encoding: .utf8)
        try await rig.migrate(["fleet", "import", "fleet.csv"])
        try await rig.migrate(["cohort", "create", "c1", "--playbook", "playbook.yaml", "--all"])
    }

    /// `migrate gates c1 --json`: each gate's result, value and samples by name.
    static func gates(_ rig: Rig) async throws -> [String: [String: Any]] {
        let result = try await MigrateCLI.run(["gates", "c1", "--json", "--db", rig.db], in: rig.directory)
        let report = jsonObject(result.stdout)
        var byName: [String: [String: Any]] = [:]
        for gate in report?["gates"] as? [[String: Any]] ?? [] { byName[gate["name"] as? String ?? "?"] = gate }
        return byName
    }

    @Test func aChargerThatNeverComesBackFailsTheGateAndEvaluateRollsBack() async throws {
        try await scenario("evidence-gate") { rig in
            print("PROXY-EVIDENCE-TEST-RAN")
            let ids = ["CP-01", "CP-02", "CP-03"]
            try await Self.fleetGatedOnSwitches(rig, ids, pilot: ["CP-01", "CP-02"])
            let proxy = try await rig.startProxy(["--return-timeout", "2s", "--import-every", "300ms"])
            let chargers = try rig.chargers(ids)
            for id in ids { try await chargers.waitForAnswer("StatusNotification", id) }
            chargers.command("stay-away", "CP-02")
            try await Task.sleep(for: .milliseconds(200))
            try await rig.advance()
            try await eventually("CP-01 done, CP-02 failed") {
                !proxy.switches("CP-01", "done").isEmpty && !proxy.switches("CP-02", "failed").isEmpty
            }
            // The proxy imports the switch log by itself: the failure reaches the gate without anyone importing.
            var gates: [String: [String: Any]] = [:]
            try await eventually("the gate sees the failed switch", timeout: .seconds(30)) {
                gates = try await Self.gates(rig)
                return gates["switch_failure_rate"]?["result"] as? String == "fail"
            }
            #expect(gates["switch_failure_rate"]?["value"] as? Double == 0.5, "one of two decided switches failed: \(gates)")
            #expect(gates["switch_failure_rate"]?["samples"] as? Int == 2)
            #expect(gates["switches_completed"]?["value"] as? Double == 1, "\(gates)")
            #expect(rig.target.connectedChargers() == ["CP-01"], "the charger that never came back never reached target")

            let evaluate = try await MigrateCLI.run(["evaluate", "c1", "--db", rig.db], in: rig.directory)
            #expect(evaluate.stdout.contains("rollback") || evaluate.stderr.contains("rollback"), "\(evaluate)")
            let routes = try await rig.migrate(["routes", "--format", "json"])
            let table = jsonObject("{\"r\":\(routes.stdout)}")?["r"] as? [[String: Any]] ?? []
            #expect(!table.isEmpty && table.allSatisfy { $0["backend"] as? String == "legacy" }, "rolled back: \(routes.stdout)")
            try await eventually("CP-01 back on legacy") { proxy.switches("CP-01", "done").count == 2 }
            try await eventually("target saw CP-01 leave") { rig.target.records("CP-01", "disconnected").count == 1 }
            #expect(rig.legacy.records("CP-01", "connected").count == 2, "CP-01 reconnected to legacy once")
            #expect(rig.legacy.records("CP-03", "disconnected").isEmpty, "a charger outside the pilot was never moved")
        }
    }

    @Test func theProxyImportsItsLogsAsOCPPImportWouldAndOnlyWhatIsNew() async throws {
        try await scenario("evidence-import") { rig in
            let ids = chargerIDs(4)
            try await Self.fleetGatedOnSwitches(rig, ids, pilot: ["CP-01", "CP-02"])
            let proxy = try await rig.startProxy(["--import-every", "300ms"])
            let chargers = try rig.chargers(ids)
            for id in ids { try await chargers.waitForAnswer("StatusNotification", id) }
            try await rig.advance()
            try await eventually("the pilot moved") { ["CP-01", "CP-02"].allSatisfy { !proxy.switches($0, "done").isEmpty } }
            var gates: [String: [String: Any]] = [:]
            try await eventually("both completed switches imported", timeout: .seconds(30)) {
                gates = try await Self.gates(rig)
                return gates["switches_completed"]?["value"] as? Double == 2
            }
            #expect(gates["switch_failure_rate"]?["result"] as? String == "pass", "\(gates)")
            #expect((try await proxy.metric("migrate_proxy_imports_total{outcome=\"stored\"}") ?? 0) >= 2, "frame and switch log imports")
            #expect((try await proxy.metric("migrate_proxy_imported_samples_total") ?? 0) > 0)
            #expect(try await proxy.metric("migrate_proxy_import_failing_logs") == 0)
            let passes = try await proxy.metric("migrate_proxy_import_passes_total") ?? 0
            #expect(passes >= 2, "a pass every 300 ms, whether or not it stored anything")
            #expect((try await proxy.metric("migrate_proxy_import_seconds_total") ?? 0) > 0)
            chargers.command("start", "CP-01")
            _ = try await chargers.waitForAnswer("StartTransaction", "CP-01")
            // SIGTERM: the proxy closes the chargers, writes its logs and imports them a last time.
            proxy.process.signal(SIGTERM)
            let status = try await proxy.process.waitForExit(timeout: .seconds(60))
            #expect(status == 0, "a graceful stop")
            let logs = ((try? FileManager.default.contentsOfDirectory(atPath: proxy.logDirectory.path)) ?? [])
                .filter { $0.hasSuffix(".jsonl") }.sorted().map { proxy.logDirectory.appendingPathComponent($0).path }
            let frameLogs = logs.filter { $0.contains("/frames-") }
            #expect(!frameLogs.isEmpty && logs.count > frameLogs.count, "frame and switch logs: \(logs)")
            // Everything the proxy recorded is in the store already: importing its frame logs again changes nothing.
            let again = try await rig.migrate(["ocpp", "import"] + frameLogs)
            for line in again.stdout.split(separator: "\n") {
                #expect(line.contains("already imported up to here"), "\(again.stdout)")
            }
            // The stored KPIs are the log's: `metrics list` has a sample of session.started and boot.accepted.
            let list = try await rig.migrate(["metrics", "list", "--json"])
            let metrics = (jsonObject("{\"m\":\(list.stdout)}")?["m"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            for name in ["boot.accepted", "connection.established", "session.started", "route.switch.requested", "route.switch.completed",
                         "route.switch.failed"] {
                #expect(metrics.contains(name), "\(name) stored: \(metrics)")
            }
            let kpis = try await kpiTotals(proxy, in: rig.directory)
            #expect(kpis["session.started"] == 1)
            // The switch logs too: imported by the proxy, nothing new for a second import.
            let switchLogs = logs.filter { $0.contains("/switches-") }
            #expect(!switchLogs.isEmpty)
            let switchesAgain = try await rig.migrate(["ocpp", "import", "--switches"] + switchLogs)
            #expect(switchesAgain.stdout.split(separator: "\n").allSatisfy { $0.contains("already imported up to here") }, "\(switchesAgain)")
            #expect(proxy.process.errors().contains("recorded KPIs imported"), "the proxy logs each import")
        }
    }
}
