import NIOWebSocket
import Synchronization
import Logging
import NIOCore

extension ChargerSession {
    /// One message from the charger: decided by the ledger, recorded, sent to the backend it belongs to.
    func fromCharger(_ message: RelayMessage) {
        let text: String
        switch message {
        case let .binary(buffer):
            // OCPP-J uses text frames; binary ones are relayed as they are, unrecorded.
            context.metrics.unrecordable()
            state.withLock { $0.upstreams[primary.backend] }?.send(.binary(buffer))
            return
        case let .text(t):
            text = t
        }
        enum Hold { case no, held, overflow(RelayLink?) }
        let hold: Hold = state.withLock { s in
            guard s.held != nil else { return .no }
            guard s.held!.count < Self.maximumHeld else { return .overflow(s.chargerLink) }
            s.held!.append(message)
            return .held
        }
        switch hold {
        case .no: break
        case .held: return
        case let .overflow(link):
            // OCPP chargers send one CALL at a time; this many waiting is not a charger behaving.
            context.metrics.droppedMessage("overflow")
            logger.warning("too many messages while the replayed boot waits for its answer: closing the charger")
            link?.close(code: .policyViolation, reason: "too many messages")
            return
        }
        guard let parsed = try? OCPPMessage.parse(text) else {
            context.metrics.unrecordable()
            logger.debug("relaying a message that is not an OCPP-J frame, unrecorded")
            state.withLock { $0.upstreams[primary.backend] }?.send(.text(text))
            return
        }
        let decision = state.withLock { $0.ledger.chargerSent(parsed, at: .now) }
        switch decision {
        case let .forward(target, out):
            context.recorder.frame(charger: charger, from: .charger, backend: target.backend, message: out)
            context.metrics.frame(backend: target.backend, from: .charger)
            send(out, to: target)
        case let .replayBoot(boot):
            replay(boot, holding: message)
        case let .drop(reason):
            context.metrics.droppedMessage("closing")
            logger.notice("charger message not relayed", metadata: ["action": "\(parsed.action ?? "-")", "reason": "\(reason)"])
        }
    }

    /// Messages held at most while a replayed boot awaits its answer (or a kept upstream opens).
    static let maximumHeld = 256

    /// Sends the charger's last BootNotification to the backend it moved to and holds the charger's
    /// messages until that backend answers (the answer the proxy keeps: the charger booted long ago).
    private func replay(_ boot: OCPPMessage, holding message: RelayMessage) {
        let timeout = context.replayTimeout
        let timer = eventLoop.scheduleTask(in: .milliseconds(Int64(timeout.components.seconds) * 1000)) { self.replayDone(accepted: nil) }
        state.withLock { s in
            s.held = [message]
            s.replayTimer = timer
        }
        context.recorder.frame(charger: charger, from: .charger, backend: primary.backend, message: boot, replayed: true)
        context.metrics.bootReplayed(backend: primary.backend)
        logger.info("replaying the charger's BootNotification to the backend it moved to")
        send(boot, to: primary)
    }

    /// The replayed boot was answered (or not in time): relaying the held messages goes on.
    func replayDone(accepted: Bool?) {
        let held: [RelayMessage]? = state.withLock { s in
            guard let held = s.held else { return nil }
            s.held = nil
            s.replayTimer?.cancel()
            s.replayTimer = nil
            if accepted == nil { s.ledger.boot = .settled }
            return held
        }
        guard let held else { return }
        switch accepted {
        case true?: logger.info("replayed BootNotification accepted")
        case false?: logger.warning("replayed BootNotification not accepted; relaying on, the backend decides")
        case nil: logger.warning("replayed BootNotification unanswered; relaying on")
        }
        reportAnswerIfNew()
        for message in held { fromCharger(message) }
    }

    /// Sends `message` to `target`'s upstream; for a backend that keeps a transaction, opens one first
    /// (messages wait for it, in order).
    func send(_ message: OCPPMessage, to target: RouteTarget) {
        enum Step { case send(RelayLink), queued, open, lost }
        let step: Step = state.withLock { s in
            if let link = s.upstreams[target.backend] { return .send(link) }
            if target.backend == primary.backend || s.ended { return .lost }
            if s.pendingLegs[target.backend] != nil {
                guard s.pendingLegs[target.backend]!.count < Self.maximumHeld else { return .lost }
                s.pendingLegs[target.backend]!.append(message)
                return .queued
            }
            s.pendingLegs[target.backend] = [message]
            return .open
        }
        switch step {
        case let .send(link): link.send(.text(message.text))
        case .queued: break
        case .open: Task { await openLeg(target) }
        case .lost:
            context.metrics.droppedMessage("backend_unreachable")
            logger.notice("message not relayed: its upstream is closed", metadata: ["to": "\(target.backend)"])
        }
    }

    /// Opens the upstream to the backend that owns a transaction started before the charger moved, and
    /// sends what waited for it; when it cannot be opened, what waited is not relayed (the charger
    /// sends its transaction messages again).
    private func openLeg(_ target: RouteTarget) async {
        var link: RelayLink?
        do {
            switch try await context.connector.open(target, charger: charger, offered: [subprotocol], authorization: authorization, on: eventLoop) {
            case let .websocket(opened, chosen) where chosen == subprotocol:
                link = opened
            case let .websocket(opened, chosen):
                opened.abort()
                context.metrics.upstreamError(backend: target.backend, kind: "refused")
                logger.warning("kept-transaction upstream refused: other subprotocol", metadata: ["to": "\(target.backend)", "chosen": "\(chosen ?? "none")"])
            case let .refused(status):
                context.metrics.upstreamError(backend: target.backend, kind: "refused")
                logger.warning("kept-transaction upstream refused", metadata: ["to": "\(target.backend)", "status": "\(status)"])
            }
        } catch {
            context.metrics.upstreamError(backend: target.backend, kind: "connect")
            logger.warning("kept-transaction upstream unreachable; the charger will send its message again",
                           metadata: ["to": "\(target.backend)", "error": "\(error)"])
        }
        let waiting: [OCPPMessage] = state.withLock { s in
            defer { s.pendingLegs[target.backend] = nil }
            if let link, !s.ended { s.upstreams[target.backend] = link }
            return s.pendingLegs[target.backend] ?? []
        }
        guard let link, state.withLock({ $0.upstreams[target.backend] === link }) else {
            link?.abort()
            if !waiting.isEmpty { context.metrics.droppedMessage("backend_unreachable") }
            return
        }
        logger.info("opened an upstream to the backend that owns a transaction of this charger", metadata: ["to": "\(target.backend)"])
        adopt(link, for: target)
        for message in waiting { link.send(.text(message.text)) }
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
