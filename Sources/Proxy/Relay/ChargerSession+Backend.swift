import Synchronization
import Logging
import NIOCore
import NIOWebSocket

extension ChargerSession {
    /// One message from a backend: decided by the ledger, recorded, sent to the charger.
    func fromBackend(_ target: RouteTarget, _ message: RelayMessage) {
        let chargerLink = state.withLock { $0.chargerLink }
        guard case let .text(text) = message else {
            context.metrics.unrecordable()
            chargerLink?.send(message)
            return
        }
        guard let parsed = try? OCPPMessage.parse(text) else {
            context.metrics.unrecordable()
            chargerLink?.send(message)
            return
        }
        let now = ContinuousClock.now
        let (decision, legDone) = state.withLock { s -> (RelayLedger.BackendDecision, Bool) in
            let d = s.ledger.backendSent(parsed, from: target, at: now)
            let needed = target.backend == primary.backend || s.ledger.needsUpstream(to: target.backend, at: now)
            return (d, !needed)
        }
        switch decision {
        case let .forward(out):
            context.recorder.frame(charger: charger, from: .csms, backend: target.backend, message: parsed)
            context.metrics.frame(backend: target.backend, from: .csms)
            chargerLink?.send(.text(out.text))
        case let .replayAnswered(accepted):
            context.recorder.frame(charger: charger, from: .csms, backend: target.backend, message: parsed, replayed: true)
            replayDone(accepted: accepted)
        case let .drop(reason):
            context.recorder.frame(charger: charger, from: .csms, backend: target.backend, message: parsed)
            context.metrics.droppedMessage("closing")
            logger.notice("backend message not relayed", metadata: ["from": "\(target.backend)", "reason": "\(reason)"])
        }
        reportAnswerIfNew()
        if legDone, let leg = state.withLock({ $0.upstreams[target.backend] }) {
            logger.info("the kept transaction is over: closing its upstream", metadata: ["to": "\(target.backend)"])
            leg.close(code: .goingAway, reason: "transaction finished")
        }
    }

    /// An upstream ended. The primary one ending on the backend's side (its close, or a lost
    /// connection) closes the charger's connection too, so the charger queues its messages and comes
    /// back; the proxy never answers on a backend's behalf.
    func upstreamEnded(_ target: RouteTarget, _ link: RelayLink, _ ending: WebSocketEnding) {
        state.withLock { s in
            if s.upstreams[target.backend] === link { s.upstreams[target.backend] = nil }
        }
        guard !link.closedOnPurpose else { return }
        let lost = ending.peerClose == nil
        if lost { context.metrics.upstreamError(backend: target.backend, kind: "lost") }
        guard target.backend == primary.backend else {
            logger.notice("kept-transaction upstream ended by its backend", metadata: ["to": "\(target.backend)", "lost": "\(lost)"])
            return
        }
        let chargerLink: RelayLink? = state.withLock { s in
            guard !s.ended, s.initiator == nil else { return nil }
            s.initiator = .csms
            s.reason = ending.failure.map { "backend connection failed: \($0)" } ?? (lost ? "backend connection lost" : "backend closed")
            s.ledger.closing = true
            return s.chargerLink
        }
        guard let chargerLink else { return }
        logger.notice(lost ? "backend connection lost: closing the charger's so it queues and reconnects" : "backend closed the connection")
        if lost || ending.failure != nil {
            chargerLink.close(code: .goingAway, reason: "backend unreachable")
        } else {
            chargerLink.close(code: Self.relayable(ending.peerClose?.code), reason: ending.peerClose?.reason)
        }
    }
}
