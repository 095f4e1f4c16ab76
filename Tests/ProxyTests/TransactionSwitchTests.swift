import Foundation
import Testing

/// A charger in a session: moved only after its StopTransaction (which reaches the backend that
/// started the transaction), or, past the maximum wait, moved anyway with the transaction's later
/// messages still going to that backend.
@Suite(.serialized, .enabled(if: Peers.available, Peers.reason))
struct TransactionSwitchTests {
    @Test func aChargerInASessionMovesOnlyAfterItsStopTransaction() async throws {
        try await scenario("session") { rig in
            try await rig.fleet(["CP-01", "CP-02"], pilot: ["CP-01", "CP-02"])
            let proxy = try await rig.startProxy(["--idle-wait", "60s"])
            let chargers = try rig.chargers(["CP-01", "CP-02"])
            for id in ["CP-01", "CP-02"] { try await chargers.waitForAnswer("StatusNotification", id) }
            chargers.command("start", "CP-01")
            let started = try await chargers.waitForAnswer("StartTransaction", "CP-01")
            let transaction = (started["payload"] as? [String: Any])?["transactionId"] as? Int
            #expect(transaction.map { $0 > 1000 && $0 < 5000 } == true, "legacy issued the transaction id")

            try await rig.advance()
            try await eventually("the idle charger moved") { !proxy.switches("CP-02", "done").isEmpty }
            // The charger in a session stays where it is while the session lasts.
            try await Task.sleep(for: .seconds(1.5))
            #expect(proxy.switches("CP-01", "closed").isEmpty, "no move during the session")
            #expect(chargers.events("CP-01", "closed").isEmpty)
            #expect(try await proxy.metric("migrate_proxy_switches{state=\"pending\"}") == 1)

            chargers.command("meter", "CP-01")
            try await chargers.waitForAnswer("MeterValues", "CP-01")
            chargers.command("stop", "CP-01")
            try await chargers.waitForAnswer("StopTransaction", "CP-01")
            try await eventually("CP-01 moved after its stop") { !proxy.switches("CP-01", "done").isEmpty }
            #expect(proxy.switches("CP-01", "closed").first?["forced"] as? Bool == false)
            #expect(rig.legacy.actions("CP-01").suffix(2) == ["MeterValues", "StopTransaction"], "the stop reached the backend that started it")
            let stop = rig.legacy.received("CP-01").last { $0[2] as? String == "StopTransaction" }
            #expect((stop?[3] as? [String: Any])?["transactionId"] as? Int == transaction)
            #expect(!rig.target.actions("CP-01").contains("StopTransaction"))
            #expect(rig.target.actions("CP-01").first == "BootNotification")
            await expectFrameLogMatchesBackends(proxy, [rig.legacy, rig.target])
        }
    }

    @Test func pastTheMaximumWaitTheChargerMovesAndItsTransactionStaysWithItsBackend() async throws {
        try await scenario("forced") { rig in
            try await rig.fleet(["CP-01"], pilot: ["CP-01"])
            let proxy = try await rig.startProxy(["--idle-wait", "1s", "--force-grace", "5s"])
            let chargers = try rig.chargers(["CP-01"])
            try await chargers.waitForAnswer("StatusNotification", "CP-01")
            chargers.command("start", "CP-01")
            let started = try await chargers.waitForAnswer("StartTransaction", "CP-01")
            let transaction = (started["payload"] as? [String: Any])?["transactionId"] as? Int

            try await rig.advance()
            try await eventually("the forced move done") { !proxy.switches("CP-01", "done").isEmpty }
            let closed = try #require(proxy.switches("CP-01", "closed").first)
            #expect(closed["forced"] as? Bool == true)
            #expect((closed["waited_ms"] as? Int ?? 0) >= 1000)
            #expect(rig.target.actions("CP-01").first == "BootNotification", "the new backend saw the replayed boot first")

            // The transaction's meter values and stop still go to legacy, over an upstream kept for it;
            // meanwhile legacy's own CALL reaches the charger under an id of the proxy's and its answer
            // comes back under legacy's id.
            chargers.command("meter", "CP-01")
            try await chargers.waitForAnswer("MeterValues", "CP-01")
            rig.legacy.call("CP-01", "TriggerMessage", ["requested_message": "StatusNotification"])
            try await eventually("legacy's TriggerMessage answered") { !rig.legacy.records("CP-01", "call-answered").isEmpty }
            try await chargers.waitFor("request", "CP-01") { $0["action"] as? String == "TriggerMessage" }
            chargers.command("stop", "CP-01")
            try await chargers.waitForAnswer("StopTransaction", "CP-01")
            let legacyStop = rig.legacy.received("CP-01").last { $0[2] as? String == "StopTransaction" }
            #expect((legacyStop?[3] as? [String: Any])?["transactionId"] as? Int == transaction, "the stop reached legacy, which started it")
            #expect(rig.legacy.actions("CP-01").contains("MeterValues"))
            #expect(!rig.target.actions("CP-01").contains("StopTransaction") && !rig.target.actions("CP-01").contains("MeterValues"),
                    "target never saw the legacy transaction")
            #expect(rig.legacy.foreignAnswers().isEmpty && rig.target.foreignAnswers().isEmpty, "no backend saw the other's message ids")
            try await eventually("the kept upstream closed once the transaction ended") {
                rig.legacy.records("CP-01", "disconnected").count == 2
            }
            await expectFrameLogMatchesBackends(proxy, [rig.legacy, rig.target])
        }
    }

    @Test func anOCPP201TransactionEndsOnTheBackendThatStartedIt() async throws {
        try await scenario("tx201") { rig in
            try await rig.fleet(["CS-01"], pilot: ["CS-01"])
            let proxy = try await rig.startProxy(["--idle-wait", "500ms", "--force-grace", "5s"])
            let chargers = try rig.chargers(["CS-01"], protocols: "ocpp2.0.1")
            try await chargers.waitForAnswer("StatusNotification", "CS-01")
            chargers.command("start", "CS-01")
            try await chargers.waitForAnswer("TransactionEvent", "CS-01")
            try await rig.advance()
            try await eventually("the forced move done") { !proxy.switches("CS-01", "done").isEmpty }
            chargers.command("stop", "CS-01")
            try await chargers.waitForAnswer("TransactionEvent", "CS-01", count: 2)
            let events = rig.legacy.received("CS-01").filter { $0[2] as? String == "TransactionEvent" }
                .compactMap { ($0[3] as? [String: Any])?["eventType"] as? String }
            #expect(events == ["Started", "Ended"], "both ends of the transaction reached legacy")
            #expect(!rig.target.actions("CS-01").contains("TransactionEvent"))
            #expect(rig.target.records("CS-01", "connected").first?["subprotocol"] as? String == "ocpp2.0.1")
            await expectFrameLogMatchesBackends(proxy, [rig.legacy, rig.target])
        }
    }
}
