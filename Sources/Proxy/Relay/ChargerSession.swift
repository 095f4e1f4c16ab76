import WSCore
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// One charger connection through the proxy: the charger's WebSocket, the upstream to its backend, and
/// the upstreams kept to backends that own a transaction started before a move.
///
/// Two pumps run: charger → backends (in the connection's own task) and backend → charger (one task per
/// upstream). Each message is decided by the `RelayLedger` under a lock, recorded, then sent; the lock
/// is never held across a send.
final class ChargerSession: Sendable {
    let charger: String
    let primary: RouteTarget
    let subprotocol: String
    /// The charger's `Authorization` header, for upstreams that pass credentials through.
    let authorization: String?
    let context: ProxyContext
    let logger: Logger

    struct State {
        var ledger: RelayLedger
        var chargerLink: WebSocketLink?
        var upstreams: [String: WebSocketLink] = [:]
        var opening: [String: OneShot<WebSocketLink?>] = [:]
        var initiator: Initiator?
        var reason: String?
        var reportedAnswer = false
        var replay: OneShot<Bool>?
        var ended = false
    }

    let state: Mutex<State>
    private let primaryUpgrade: Mutex<NIOAsyncChannel<WebSocketFrame, WebSocketFrame>?>
    private let done = OneShot<Void>()

    init(charger: String, primary: RouteTarget, subprotocol: String, authorization: String?,
         upstream: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, context: ProxyContext) {
        self.charger = charger
        self.primary = primary
        self.subprotocol = subprotocol
        self.authorization = authorization
        self.context = context
        var logger = context.logger
        logger[metadataKey: "charger"] = "\(charger)"
        logger[metadataKey: "backend"] = "\(primary.backend)"
        self.logger = logger
        let ledger = RelayLedger(charger: charger, primary: primary, subprotocol: subprotocol,
                                 memory: context.registry.memory(of: charger))
        state = Mutex(State(ledger: ledger))
        primaryUpgrade = Mutex(upstream)
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
    func run(_ channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>) async {
        let link = WebSocketLink(channel: channel.channel, settings: context.chargerSettings)
        let proceed = state.withLock { s in
            if s.ended { return false }
            s.chargerLink = link
            return true
        }
        guard proceed else {
            // Ended before its upgrade completed (the same charger connected again meanwhile).
            try? await channel.channel.close()
            return
        }
        context.recorder.connected(charger: charger, subprotocol: subprotocol, backend: primary.backend)
        context.metrics.opened(backend: primary.backend)
        logger.info("charger connected", metadata: ["subprotocol": "\(subprotocol)"])
        context.events?.sessionStarted(self)
        if let upstream = primaryUpgrade.withLock({ u in defer { u = nil }; return u }) {
            startUpstream(primary, upstream)
        }
        let ending = await link.run(channel, type: .server, logger: logger) { message in
            await self.fromCharger(message)
        }
        await finish(ending)
    }

    func abandon() async {
        if let upstream = primaryUpgrade.withLock({ u in defer { u = nil }; return u }) {
            try? await upstream.channel.close()
        }
        state.withLock { $0.ended = true }
        context.registry.unregister(self, memory: currentMemory)
        done.set(())
    }

    /// Runs an upstream's WebSocket in a task of its own.
    func startUpstream(_ target: RouteTarget, _ channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>) {
        let link = WebSocketLink(channel: channel.channel, settings: context.backendSettings)
        state.withLock { $0.upstreams[target.backend] = link }
        var upstreamLogger = logger
        upstreamLogger[metadataKey: "upstream"] = "\(target.backend)"
        let log = upstreamLogger
        Task {
            let ending = await link.run(channel, type: .client, logger: log) { message in
                await self.fromBackend(target, message)
            }
            await self.upstreamEnded(target, link, ending)
        }
    }

    /// The charger's side has ended: record who closed it, close every upstream the way the charger's
    /// side closed (its close code, or a dropped connection), and hand the charger's memory back.
    private func finish(_ ending: WebSocketEnding) async {
        let (initiator, reason, upstreams) = state.withLock { s -> (Initiator, String?, [WebSocketLink]) in
            s.ended = true
            s.ledger.closing = true
            let initiator = s.initiator ?? (ending.peerClose != nil ? .charger : .network)
            s.replay?.set(false)
            return (initiator, s.reason, Array(s.upstreams.values))
        }
        context.recorder.disconnected(charger: charger, initiator: initiator, backend: primary.backend, reason: reason)
        logger.info("charger disconnected", metadata: ["initiator": "\(initiator.rawValue)", "reason": "\(reason ?? "-")"])
        for upstream in upstreams {
            switch initiator {
            case .charger:
                upstream.close(code: Self.relayable(ending.peerClose?.closeCode), reason: ending.peerClose?.reason)
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
        let number = UInt16(webSocketErrorCode: code)
        switch number {
        case 1000...1003, 1007...1014, 3000...4999: return code
        default: return .normalClosure
        }
    }
}
