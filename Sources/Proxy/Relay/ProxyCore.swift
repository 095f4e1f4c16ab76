import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket
import Synchronization

/// Admits chargers: finds the charger's backend in the routing table, ends any earlier connection of
/// the same charger, opens the upstream offering the charger's subprotocols, and answers the charger
/// with the one the backend chose — or refuses it, saying why.
final class ProxyCore: ChargerAdmitting, Sendable {
    let context: ProxyContext
    let routes: RouteBook
    let pathPrefix: String
    let assumedSubprotocol: String
    private let draining = Atomic<Bool>(false)

    init(context: ProxyContext, routes: RouteBook, pathPrefix: String, assumedSubprotocol: String) {
        self.context = context
        self.routes = routes
        self.pathPrefix = pathPrefix
        self.assumedSubprotocol = assumedSubprotocol
    }

    func admit(_ request: HTTPRequestHead, on eventLoop: any EventLoop) async -> Admission {
        let charger = ChargerPath.chargerID(in: request.uri, prefix: pathPrefix)
        let admission = await decide(request, charger: charger, eventLoop: eventLoop)
        if case let .refuse(refusal) = admission {
            context.metrics.refused(refusal.label)
            context.logger.notice("charger refused", metadata: [
                "charger": "\(charger ?? "?")", "status": "\(refusal.status)", "reason": "\(refusal.reason)"])
            if let charger { context.events?.chargerRefused(charger, refusal) }
        }
        return admission
    }

    private func decide(_ request: HTTPRequestHead, charger: String?, eventLoop: any EventLoop) async -> Admission {
        if draining.load(ordering: .relaxed) { return .refuse(.draining()) }
        guard let charger else { return .refuse(.notChargerPath(request.uri, prefix: pathPrefix)) }
        guard routes.table != nil else { return .refuse(.tableNotLoaded()) }
        let offered = Subprotocols.offered(request.headers["Sec-WebSocket-Protocol"])
        let authorization = request.headers["Authorization"].first
        let registry = context.registry
        await registry.acquire(charger)
        defer { registry.release(charger) }
        // One upstream per charger and backend: the old connection ends completely first.
        if let old = registry.session(charger) {
            context.logger.notice("charger connected again: ending its earlier connection first", metadata: ["charger": "\(charger)"])
            await old.terminate()
        }
        let target: RouteTarget
        switch routes.lookup(charger) {
        case let .route(t): target = t
        case .unrouted: return .refuse(.unrouted(charger))
        case .unknown: return .refuse(.unknownCharger(charger))
        }
        let upgrade: UpstreamUpgrade
        do {
            upgrade = try await context.connector.open(target, charger: charger, offered: offered, authorization: authorization,
                                                       on: eventLoop)
        } catch {
            context.metrics.upstreamError(backend: target.backend, kind: "connect")
            return .refuse(.backendUnreachable(target.backend, Self.describe(error)))
        }
        switch upgrade {
        case let .refused(status):
            context.metrics.upstreamError(backend: target.backend, kind: "refused")
            return .refuse(.backendRefused(target.backend, status: status))
        case let .websocket(link, chosen):
            switch Subprotocols.decide(offered: offered, chosen: chosen, assumed: assumedSubprotocol) {
            case let .refuse(reason):
                link.abort()
                return .refuse(.subprotocol(reason))
            case let .closeWithoutProtocol(reason):
                link.close(code: .goingAway, reason: "the charger offered no version this backend speaks")
                context.metrics.refused("subprotocol")
                context.logger.notice("charger closed: no common OCPP version", metadata: ["charger": "\(charger)", "reason": "\(reason)"])
                return .accept(subprotocol: nil, session: ClosingCharger(reason: reason, settings: context.chargerSettings, logger: context.logger))
            case let .relay(answer, logged):
                let session = ChargerSession(charger: charger, primary: target, subprotocol: logged, authorization: authorization,
                                             upstream: link, context: context)
                registry.register(session)
                return .accept(subprotocol: answer, session: session)
            }
        }
    }

    /// Refuses new chargers from now on (shutdown).
    func stopAdmitting() { draining.store(true, ordering: .relaxed) }

    static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        return text.count > 300 ? String(text.prefix(297)) + "…" : text
    }
}

/// A charger whose offered OCPP versions the backend agreed to none of: OCPP-J says to complete the
/// handshake without a subprotocol and close at once, and that is what it gets (1002).
struct ClosingCharger: AcceptedCharger {
    let reason: String
    let settings: WebSocketSettings
    let logger: Logger

    func run(_ link: RelayLink) async {
        link.attach(message: { _ in }, ended: { _ in }, writability: { _ in })
        link.close(code: .protocolError, reason: "no common OCPP version")
        _ = await link.ended()
    }

    func abandon() async {}
}
