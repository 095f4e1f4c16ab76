import Foundation
import Testing

/// What goes wrong in the field: a backend down, a charger that never comes back, the proxy killed.
@Suite(.serialized, .enabled(if: Peers.available, Peers.reason))
struct FailureTests {
    @Test func aBackendDownClosesItsChargersAndNothingIsAnsweredForIt() async throws {
        try await scenario("down") { rig in
            try await rig.fleet(["CP-01", "CP-02"], pilot: ["CP-01"])
            try await rig.advance()
            let proxy = try await rig.startProxy()
            let chargers = try rig.chargers(["CP-01", "CP-02"], extra: ["--reconnect-delay", "0.2"])
            for id in ["CP-01", "CP-02"] { try await chargers.waitForAnswer("StatusNotification", id) }
            #expect(rig.target.connectedChargers() == ["CP-01"])

            await rig.target.kill()
            let closed = try await chargers.waitFor("closed", "CP-01")
            #expect(closed["code"] as? Int == 1001, "the charger is told its backend went away, so it queues and comes back")
            try await chargers.waitFor("refused", "CP-01") { $0["status"] as? Int == 502 }
            chargers.command("start", "CP-01")
            try await Task.sleep(for: .seconds(1))
            #expect(chargers.events("CP-01", "answer").filter { $0["action"] as? String == "StartTransaction" }.isEmpty,
                    "nobody answers for a backend that is down")
            let lost = try await frames(of: proxy) { $0.contains { $0["charger"] as? String == "CP-01" && $0["event"] as? String == "disconnected" } }
                .last { $0["charger"] as? String == "CP-01" && $0["event"] as? String == "disconnected" }
            #expect(lost?["initiator"] as? String == "csms", "a lost backend is a drop, not a planned close")
            #expect((try await proxy.metric("migrate_proxy_upstream_errors_total{backend=\"target\",kind=\"lost\"}")) == 1)
            #expect((try await proxy.metric("migrate_proxy_upstream_errors_total{backend=\"target\",kind=\"connect\"}") ?? 0) >= 1)
            #expect(chargers.events("CP-02", "closed").isEmpty, "chargers on the other backend are not disturbed")

            try await rig.target.restart()
            let answer = try await chargers.waitForAnswer("StartTransaction", "CP-01")
            let id = (answer["payload"] as? [String: Any])?["transactionId"] as? Int
            #expect(id.map { $0 > 5000 } == true, "the queued StartTransaction reached the backend once it was back")
            await expectFrameLogMatchesBackends(proxy, [rig.legacy, rig.target])
        }
    }

    @Test func aChargerThatNeverComesBackIsAFailedSwitch() async throws {
        try await scenario("gone") { rig in
            try await rig.fleet(["CP-01", "CP-02"], pilot: ["CP-01", "CP-02"])
            let proxy = try await rig.startProxy(["--return-timeout", "2s"])
            let chargers = try rig.chargers(["CP-01", "CP-02"])
            for id in ["CP-01", "CP-02"] { try await chargers.waitForAnswer("StatusNotification", id) }
            chargers.command("stay-away", "CP-02")
            try await Task.sleep(for: .milliseconds(200))
            try await rig.advance()
            try await eventually("CP-01 done, CP-02 failed") {
                !proxy.switches("CP-01", "done").isEmpty && !proxy.switches("CP-02", "failed").isEmpty
            }
            let failed = try #require(proxy.switches("CP-02", "failed").first)
            #expect((failed["reason"] as? String)?.contains("not back on target within 2s") == true)
            #expect(proxy.switches("CP-02", "done").isEmpty)
            #expect((try await proxy.metric("migrate_proxy_switches_total{outcome=\"failed\"}")) == 1)
            #expect((try await proxy.metric("migrate_proxy_switches_total{outcome=\"done\"}")) == 1)
            #expect(!rig.target.connectedChargers().contains("CP-02"))
        }
    }

    @Test func aProxyKilledAndStartedAgainPutsEveryChargerOnTheBackendTheTableNames() async throws {
        try await scenario("sigkill") { rig in
            let ids = chargerIDs(6)
            try await rig.fleet(ids, pilot: ["CP-01", "CP-02"])
            let first = try await rig.startProxy()
            let chargers = try rig.chargers(ids, extra: ["--reconnect-delay", "0.3"])
            for id in ids { try await chargers.waitForAnswer("StatusNotification", id) }
            try await Task.sleep(for: .seconds(1.5)) // the state file is written within a second
            first.process.signal(SIGKILL)
            _ = try await first.process.waitForExit()
            // The route changes while no proxy runs.
            try await rig.advance()
            let second = try await rig.startProxy(port: first.port)
            try await eventually("every charger connected again") {
                ids.allSatisfy { chargers.events($0, "connected").count == 2 }
            }
            try await eventually("each on the backend the table names") {
                rig.target.connectedChargers() == ["CP-01", "CP-02"]
            }
            for id in ["CP-01", "CP-02"] {
                try await eventually("\(id) heard on target") { !rig.target.actions(id).isEmpty }
                #expect(rig.target.actions(id).first == "BootNotification", "\(id): the state file told the restarted proxy it moved")
            }
            for id in ids.dropFirst(2) { #expect(rig.legacy.records(id, "connected").count == 2) }
            #expect(second.frames().contains { $0["event"] as? String == "connected" })
        }
    }
}
