import Logging
import Synchronization
import NIOCore
import WSCore

extension ChargerSession {
    /// One message from the charger: decided by the ledger, recorded, sent to the backend it belongs to.
    func fromCharger(_ message: WebSocketMessage) async {
        let text: String
        switch message {
        case let .binary(buffer):
            // OCPP-J uses text frames; binary ones are relayed as they are, unrecorded.
            context.metrics.unrecordable()
            try? await upstream(for: primary)?.send(binary: buffer)
            return
        case let .text(t):
            text = t
        }
        guard let parsed = try? OCPPMessage.parse(text) else {
            context.metrics.unrecordable()
            logger.debug("relaying a message that is not an OCPP-J frame, unrecorded")
            try? await upstream(for: primary)?.send(text: text)
            return
        }
        while true {
            let now = ContinuousClock.now
            let decision = state.withLock { $0.ledger.chargerSent(parsed, at: now) }
            switch decision {
            case let .forward(target, out):
                context.recorder.frame(charger: charger, from: .charger, backend: target.backend, message: out)
                context.metrics.frame(backend: target.backend, from: .charger)
                await send(out, to: target)
                return
            case let .replayBoot(boot):
                await replay(boot)
                continue
            case let .drop(reason):
                context.metrics.droppedMessage("closing")
                logger.notice("charger message not relayed", metadata: ["action": "\(parsed.action ?? "-")", "reason": "\(reason)"])
                return
            }
        }
    }

    /// Sends the charger's last BootNotification to the backend it moved to, and waits for the answer,
    /// which the proxy keeps (the charger booted long ago and is not waiting for one).
    private func replay(_ boot: OCPPMessage) async {
        let waiter = OneShot<Bool>()
        state.withLock { $0.replay = waiter }
        context.recorder.frame(charger: charger, from: .charger, backend: primary.backend, message: boot, replayed: true)
        context.metrics.bootReplayed(backend: primary.backend)
        logger.info("replaying the charger's BootNotification to the backend it moved to")
        await send(boot, to: primary)
        let accepted = await waiter.wait(timeout: context.replayTimeout)
        state.withLock { s in
            s.replay = nil
            if accepted == nil { s.ledger.boot = .settled }
        }
        switch accepted {
        case true?: logger.info("replayed BootNotification accepted")
        case false?: logger.warning("replayed BootNotification not accepted; relaying on, the backend decides")
        case nil: logger.warning("replayed BootNotification unanswered; relaying on")
        }
        reportAnswerIfNew()
    }

    /// Sends `message` to `target`'s upstream, opening one when it is a backend that keeps a transaction.
    func send(_ message: OCPPMessage, to target: RouteTarget) async {
        guard let link = await upstream(for: target) else {
            context.metrics.droppedMessage("backend_unreachable")
            logger.warning("message not relayed: its backend is unreachable; the charger will retry it",
                           metadata: ["to": "\(target.backend)", "action": "\(message.action ?? "answer")"])
            return
        }
        do { try await link.send(text: message.text) } catch {
            context.metrics.droppedMessage("send_failed")
            logger.notice("message not relayed: the upstream closed", metadata: ["to": "\(target.backend)"])
        }
    }

    /// The upstream to `target`: the primary one, or a kept one (opened on first use, one per backend).
    func upstream(for target: RouteTarget) async -> WebSocketLink? {
        enum Step { case have(WebSocketLink?), wait(OneShot<WebSocketLink?>), open(OneShot<WebSocketLink?>) }
        let step: Step = state.withLock { s in
            if let link = s.upstreams[target.backend] { return .have(link) }
            if target.backend == primary.backend || s.ended { return .have(nil) }
            if let pending = s.opening[target.backend] { return .wait(pending) }
            let pending = OneShot<WebSocketLink?>()
            s.opening[target.backend] = pending
            return .open(pending)
        }
        switch step {
        case let .have(link): return link
        case let .wait(pending): return await pending.wait() ?? nil
        case let .open(pending):
            let link = await openLeg(target)
            state.withLock { $0.opening[target.backend] = nil }
            pending.set(link)
            return link
        }
    }

    /// Opens an upstream to the backend that owns a transaction started before the charger moved.
    private func openLeg(_ target: RouteTarget) async -> WebSocketLink? {
        do {
            let upgrade = try await context.connector.open(target, charger: charger, offered: [subprotocol], authorization: authorization)
            switch upgrade {
            case let .websocket(channel, chosen):
                guard chosen == subprotocol else {
                    try? await channel.channel.close()
                    context.metrics.upstreamError(backend: target.backend, kind: "refused")
                    logger.warning("kept-transaction upstream refused: other subprotocol", metadata: ["to": "\(target.backend)", "chosen": "\(chosen ?? "none")"])
                    return nil
                }
                startUpstream(target, channel)
                logger.info("opened an upstream to the backend that owns a transaction of this charger", metadata: ["to": "\(target.backend)"])
                return state.withLock { $0.upstreams[target.backend] }
            case let .refused(status):
                context.metrics.upstreamError(backend: target.backend, kind: "refused")
                logger.warning("kept-transaction upstream refused", metadata: ["to": "\(target.backend)", "status": "\(status)"])
                return nil
            }
        } catch {
            context.metrics.upstreamError(backend: target.backend, kind: "connect")
            logger.warning("kept-transaction upstream unreachable", metadata: ["to": "\(target.backend)", "error": "\(error)"])
            return nil
        }
    }

    /// Tells the switchboard, once, that the primary backend has answered the charger.
    func reportAnswerIfNew() {
        let new = state.withLock { s in
            guard s.ledger.answered, !s.reportedAnswer else { return false }
            s.reportedAnswer = true
            return true
        }
        if new { context.events?.sessionAnswered(self) }
    }
}
