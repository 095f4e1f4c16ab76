import Testing
@testable import Proxy

/// The relay's decisions, as scripted message sequences (no sockets).
struct RelayLedgerTests {
    @Test func callsGoToThePrimaryAndAnswersComeBack() {
        var l = L.ledger()
        #expect(l.chargerSent(L.call("1", "Heartbeat"), at: L.t0) == .forward(L.legacy, L.call("1", "Heartbeat")))
        #expect(!l.isIdle(at: L.t0))
        #expect(l.backendSent(L.result("1", #"{"currentTime":"x"}"#), from: L.legacy, at: L.t0) == .forward(L.result("1", #"{"currentTime":"x"}"#)))
        #expect(l.isIdle(at: L.t0))
        #expect(l.answered, "the primary answered the charger")
    }

    @Test func aBackendCallKeepsTheChargerBusyUntilItAnswers() {
        var l = L.ledger()
        _ = l.backendSent(L.call("csms-1", "Reset", #"{"type":"Soft"}"#), from: L.legacy, at: L.t0)
        #expect(!l.isIdle(at: L.t0))
        #expect(l.chargerSent(L.result("csms-1", #"{"status":"Accepted"}"#), at: L.t0) == .forward(L.legacy, L.result("csms-1", #"{"status":"Accepted"}"#)))
        #expect(l.isIdle(at: L.t0))
    }

    @Test func anUnansweredCallStopsCountingAfterAMinute() {
        var l = L.ledger()
        _ = l.chargerSent(L.call("1", "Heartbeat"), at: L.t0)
        #expect(!l.isIdle(at: L.t0 + .seconds(59)))
        #expect(l.isIdle(at: L.t0 + .seconds(61)))
    }

    @Test func aTransactionIsOwnedByTheBackendThatStartedIt() {
        var l = L.ledger()
        _ = l.chargerSent(L.call("1", "StartTransaction", #"{"connectorId":1,"idTag":"T","meterStart":0,"timestamp":"x"}"#), at: L.t0)
        _ = l.backendSent(L.result("1", #"{"transactionId":1001,"idTagInfo":{"status":"Accepted"}}"#), from: L.legacy, at: L.t0)
        #expect(l.memory.transactions == ["n:1001": L.legacy])
        #expect(!l.isIdle(at: L.t0), "a charger in a session is not idle")
        #expect(l.isIdle(at: L.t0, ignoringTransactions: true))

        // After a move the transaction's messages still go to legacy.
        var moved = L.ledger(on: L.target, last: "legacy", memory: l.memory)
        _ = moved.chargerSent(L.call("b", "BootNotification", L.boot), at: L.t0)
        _ = moved.backendSent(L.result("b", #"{"status":"Accepted","interval":300,"currentTime":"x"}"#), from: L.target, at: L.t0)
        let meter = L.call("2", "MeterValues", #"{"connectorId":1,"transactionId":1001,"meterValue":[]}"#)
        #expect(moved.chargerSent(meter, at: L.t0) == .forward(L.legacy, meter))
        _ = moved.backendSent(L.result("2"), from: L.legacy, at: L.t0)
        let stop = L.call("3", "StopTransaction", #"{"meterStop":10,"timestamp":"x","transactionId":1001}"#)
        #expect(moved.chargerSent(stop, at: L.t0) == .forward(L.legacy, stop))
        #expect(moved.needsUpstream(to: "legacy", at: L.t0))
        _ = moved.backendSent(L.result("3", #"{"idTagInfo":{"status":"Accepted"}}"#), from: L.legacy, at: L.t0)
        #expect(moved.memory.transactions.isEmpty)
        #expect(!moved.needsUpstream(to: "legacy", at: L.t0))
        // An unknown transaction, and one not started here, go to the primary.
        let other = L.call("4", "StopTransaction", #"{"meterStop":10,"timestamp":"x","transactionId":77}"#)
        #expect(moved.chargerSent(other, at: L.t0) == .forward(L.target, other))
    }

    @Test func aStopAnsweredWithAnErrorKeepsTheTransactionOpen() {
        var l = L.ledger(memory: ChargerMemory(transactions: ["n:5": L.legacy]))
        _ = l.chargerSent(L.call("3", "StopTransaction", #"{"meterStop":10,"timestamp":"x","transactionId":5}"#), at: L.t0)
        _ = l.backendSent(L.error("3"), from: L.legacy, at: L.t0)
        #expect(l.memory.transactions == ["n:5": L.legacy], "the charger will send the stop again")
    }

    @Test func ocpp201TransactionsAreKeyedByTheirStringId() {
        var l = L.ledger(subprotocol: "ocpp2.0.1")
        let started = L.call("1", "TransactionEvent", #"{"eventType":"Started","timestamp":"x","triggerReason":"Authorized","seqNo":0,"transactionInfo":{"transactionId":"tx-9"}}"#)
        _ = l.chargerSent(started, at: L.t0)
        #expect(l.memory.transactions == ["s:tx-9": L.legacy], "owned from the moment it is sent")
        var moved = L.ledger(on: L.target, last: "legacy", memory: l.memory, subprotocol: "ocpp2.0.1")
        let ended = L.call("2", "TransactionEvent", #"{"eventType":"Ended","timestamp":"x","triggerReason":"StopAuthorized","seqNo":1,"transactionInfo":{"transactionId":"tx-9"}}"#)
        #expect(moved.chargerSent(ended, at: L.t0) == .forward(L.legacy, ended), "no boot known to replay; the end goes to legacy")
        _ = moved.backendSent(L.result("2"), from: L.legacy, at: L.t0)
        #expect(moved.memory.transactions.isEmpty)
    }

    @Test func aMovedChargerFirstGivesTheNewBackendItsLastBoot() throws {
        var before = L.ledger()
        _ = before.chargerSent(L.call("b1", "BootNotification", L.boot), at: L.t0)
        _ = before.backendSent(L.result("b1", #"{"status":"Accepted","interval":300,"currentTime":"x"}"#), from: L.legacy, at: L.t0)
        #expect(before.memory.lastBoot == KnownBoot(subprotocol: "ocpp1.6", payload: L.boot))

        var l = L.ledger(on: L.target, last: "legacy", memory: before.memory)
        let status = L.call("s1", "StatusNotification", #"{"connectorId":1,"errorCode":"NoError","status":"Available"}"#)
        guard case let .replayBoot(replay) = l.chargerSent(status, at: L.t0) else { Issue.record("expected a replay"); return }
        #expect(replay.action == "BootNotification" && replay.payloadText == L.boot && replay.id.hasPrefix("proxy-"))
        #expect(!l.isIdle(at: L.t0), "busy while the replay is answered")
        #expect(l.backendSent(L.result(replay.id, #"{"status":"Accepted","interval":300,"currentTime":"x"}"#), from: L.target, at: L.t0)
                == .replayAnswered(accepted: true), "the answer is kept by the proxy")
        #expect(l.answered)
        #expect(l.chargerSent(status, at: L.t0) == .forward(L.target, status), "then the held message goes on")
    }

    @Test func theChargerCountsAsMovedUntilTheNewBackendHasAnswered() {
        let memory = ChargerMemory(lastBackend: "legacy", lastBoot: KnownBoot(subprotocol: "ocpp1.6", payload: L.boot))
        let gone = L.ledger(on: L.target, last: "legacy", memory: memory)
        #expect(gone.memory.lastBackend == "legacy", "a connection that ended before any answer is not a move done")
        var next = L.ledger(on: L.target, last: gone.memory.lastBackend, memory: gone.memory)
        guard case let .replayBoot(replay) = next.chargerSent(L.call("1", "Heartbeat"), at: L.t0) else { Issue.record("replay again"); return }
        _ = next.backendSent(L.result(replay.id, #"{"status":"Pending","interval":30,"currentTime":"x"}"#), from: L.target, at: L.t0)
        #expect(next.memory.lastBackend == "legacy", "a pending boot is not the move done")
        _ = next.chargerSent(L.call("1", "Heartbeat"), at: L.t0)
        _ = next.backendSent(L.result("1", #"{"currentTime":"x"}"#), from: L.target, at: L.t0)
        #expect(next.memory.lastBackend == "target")
    }

    @Test func aMovedChargerThatBootsItselfGetsNoReplay() {
        var l = L.ledger(on: L.target, last: "legacy", memory: ChargerMemory(lastBoot: KnownBoot(subprotocol: "ocpp1.6", payload: L.boot)))
        let boot = L.call("b", "BootNotification", L.boot)
        #expect(l.chargerSent(boot, at: L.t0) == .forward(L.target, boot))
        _ = l.backendSent(L.result("b", #"{"status":"Pending","interval":30,"currentTime":"x"}"#), from: L.target, at: L.t0)
        #expect(!l.answered, "a pending boot is not the charger being back")
    }

    @Test func noReplayOnTheSameBackendOrForAnotherVersion() {
        let memory = ChargerMemory(lastBoot: KnownBoot(subprotocol: "ocpp1.6", payload: L.boot))
        var same = L.ledger(on: L.legacy, last: "legacy", memory: memory)
        #expect(same.chargerSent(L.call("1", "Heartbeat"), at: L.t0) == .forward(L.legacy, L.call("1", "Heartbeat")))
        var other = L.ledger(on: L.target, last: "legacy", memory: memory, subprotocol: "ocpp2.0.1")
        #expect(other.chargerSent(L.call("1", "Heartbeat"), at: L.t0) == .forward(L.target, L.call("1", "Heartbeat")))
    }

    @Test func aKeptBackendsCallsGetTheProxysIdsAndTheirAnswersTheBackendsIds() {
        var l = L.ledger(on: L.target, last: "target", memory: ChargerMemory(transactions: ["n:1001": L.legacy]))
        let trigger = L.call("7", "TriggerMessage", #"{"requestedMessage":"MeterValues"}"#)
        guard case let .forward(out) = l.backendSent(trigger, from: L.legacy, at: L.t0) else { Issue.record("expected forward"); return }
        #expect(out.id.hasPrefix("proxy-") && out.action == "TriggerMessage")
        let fromPrimary = L.call("7", "GetConfiguration")
        #expect(l.backendSent(fromPrimary, from: L.target, at: L.t0) == .forward(fromPrimary), "the primary's ids pass unchanged")
        #expect(l.chargerSent(L.result(out.id, #"{"status":"Accepted"}"#), at: L.t0) == .forward(L.legacy, L.result("7", #"{"status":"Accepted"}"#)))
        #expect(l.chargerSent(L.result("7"), at: L.t0) == .forward(L.target, L.result("7")))
    }

    @Test func aClosingConnectionStartsNoNewCall() {
        var l = L.ledger()
        l.closing = true
        guard case .drop = l.chargerSent(L.call("1", "StartTransaction", "{}"), at: L.t0) else { Issue.record("expected drop"); return }
        guard case .drop = l.backendSent(L.call("c", "Reset", "{}"), from: L.legacy, at: L.t0) else { Issue.record("expected drop"); return }
        #expect(l.chargerSent(L.result("x"), at: L.t0) == .forward(L.legacy, L.result("x")), "answers still go through")
    }
}
