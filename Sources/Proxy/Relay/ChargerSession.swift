import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// One charger connection through the proxy: the charger's WebSocket, the upstream to its backend, and
/// the upstreams kept to backends that own a transaction started before a move.
///
/// All of them run on the charger connection's event loop: a message is decided by the
/// `RelayLedger`, recorded and written to the other side in one pass, on one thread. The lock only
/// guards against the switchboard and the operations endpoint, which look in from other threads.
final class ChargerSession: Sendable {
    let charger: String
    let primary: RouteTarget
    let subprotocol: String
    /// The charger's `Authorization` header, for upstreams that pass credentials through.
    let authorization: String?
    let eventLoop: any EventLoop
    let context: ProxyContext
    let logger: Logger

    struct State {
        var ledger: RelayLedger
        var chargerLink: RelayLink?
        var upstreams: [String: RelayLink] = [:]
        /// Messages for a backend whose kept-transaction upstream is being opened.
        var pendingLegs: [String: [OCPPMessage]] = [:]
        /// Charger messages held while a replayed boot awaits its answer.
        var held: [RelayMessage]?
        var replayTimer: Scheduled<Void>?
        var initiator: Initiator?
        var reason: String?
        var reportedAnswer = false
        var ended = false
    }

    let state: Mutex<State>
    private let primaryLink: Mutex<RelayLink?>
    let done = OneShot<Void>()

    init(charger: String, primary: RouteTarget, subprotocol: String, authorization: String?, upstream: RelayLink,
         context: ProxyContext) {
        self.charger = charger
        self.primary = primary
        self.subprotocol = subprotocol
        self.authorization = authorization
        self.eventLoop = upstream.eventLoop
        self.context = context
        var logger = context.logger
        logger[metadataKey: "charger"] = "\(charger)"
        logger[metadataKey: "backend"] = "\(primary.backend)"
        self.logger = logger
        let ledger = RelayLedger(charger: charger, primary: primary, subprotocol: subprotocol,
                                 memory: context.registry.memory(of: charger))
        state = Mutex(State(ledger: ledger))
        primaryLink = Mutex(upstream)
    }

    /// What this session knows of the charger now.
    var currentMemory: ChargerMemory { state.withLock { $0.ledger.memory } }

    /// How many times that memory changed (for the state file).
    var memoryChanges: Int { state.withLock { $0.ledger.memoryChanges } }

    /// Backends this session keeps an extra upstream to (transactions started before a move).
    var legBackends: [String] {
        state.withLock { state in state.upstreams.keys.filter { $0 != primary.backend } }
    }

    /// Waits until the session has ended completely.
    func ended() async { _ = await done.wait() }

    /// Waits at most `timeout` for the session to end; whether it did.
    func ended(timeout: Duration) async -> Bool { await done.wait(timeout: timeout) != nil }
}

extension ChargerSession: AcceptedCharger {
    func run(_ link: RelayLink) async {
        let proceed = state.withLock { s in
            if s.ended { return false }
            s.chargerLink = link
            return true
        }
        guard proceed else {
            // Ended before its upgrade completed (the same charger connected again meanwhile).
            link.abort()
            return
        }
        context.recorder.connected(charger: charger, subprotocol: subprotocol, backend: primary.backend)
        context.metrics.opened(backend: primary.backend)
        logger.info("charger connected", metadata: ["subprotocol": "\(subprotocol)"])
        context.events?.sessionStarted(self)
        if let upstream = primaryLink.withLock({ l in defer { l = nil }; return l }) {
            adopt(upstream, for: primary)
        }
        link.attach(message: { self.fromCharger($0) }, ended: { _ in }, writability: { _ in self.writabilityChanged() })
        let ending = await link.ended() ?? WebSocketEnding(peerClose: nil, closedByProxy: false, failure: nil)
        await finish(ending)
    }

    func abandon() async {
        primaryLink.withLock { l in defer { l = nil }; return l }?.abort()
        state.withLock { $0.ended = true }
        context.registry.unregister(self, memory: currentMemory)
        done.set(())
    }

    /// Takes an upstream over: its messages go to the charger, its end is handled.
    func adopt(_ link: RelayLink, for target: RouteTarget) {
        state.withLock { $0.upstreams[target.backend] = link }
        link.attach(message: { self.fromBackend(target, $0) },
                    ended: { self.upstreamEnded(target, link, $0) },
                    writability: { _ in self.writabilityChanged() })
    }

    /// Backpressure: while any of the session's sockets cannot take more, none of them is read.
    func writabilityChanged() {
        let links = state.withLock { s in (s.chargerLink.map { [$0] } ?? []) + Array(s.upstreams.values) }
        let reading = links.allSatisfy(\.isWritable)
        for link in links { link.setReading(reading) }
    }

    /// The charger's side has ended: record who closed it, close every upstream the way the charger's
    /// side closed (its close code, or a dropped connection), and hand the charger's memory back.
    private func finish(_ ending: WebSocketEnding) async {
        let (initiator, reason, upstreams, pending) = state.withLock { s -> (Initiator, String?, [RelayLink], Int) in
            s.ended = true
            s.ledger.closing = true
            s.replayTimer?.cancel()
            let initiator = s.initiator ?? (ending.failure != nil ? .network : ending.peerClose != nil ? .charger : .network)
            if s.initiator == nil, let failure = ending.failure { s.reason = failure }
            let pending = s.pendingLegs.values.reduce(0) { $0 + $1.count } + (s.held?.count ?? 0)
            return (initiator, s.reason, Array(s.upstreams.values), pending)
        }
        if pending > 0 { context.metrics.droppedMessage("charger_gone") }
        context.recorder.disconnected(charger: charger, initiator: initiator, backend: primary.backend, reason: reason)
        logger.info("charger disconnected", metadata: ["initiator": "\(initiator.rawValue)", "reason": "\(reason ?? "-")"])
        for upstream in upstreams {
            switch initiator {
            case .charger:
                upstream.close(code: Self.relayable(ending.peerClose?.code), reason: ending.peerClose?.reason)
            case .network:
                upstream.abort()
            case .router, .csms:
                upstream.close(code: .goingAway, reason: "charger disconnected")
            }
        }
        for upstream in upstreams { _ = await upstream.ended() }
        context.registry.unregister(self, memory: currentMemory)
        context.events?.sessionEnded(self, initiator: initiator)
        done.set(())
    }

    /// A close code that may be sent again (1005, 1006 and 1015 only describe what happened).
    static func relayable(_ code: WebSocketErrorCode?) -> WebSocketErrorCode {
        guard let code else { return .normalClosure }
        switch UInt16(webSocketErrorCode: code) {
        case 1000...1003, 1007...1014, 3000...4999: return code
        default: return .normalClosure
        }
    }
}
