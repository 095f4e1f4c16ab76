import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket
import Synchronization

/// Decides on a charger's upgrade request: refuse it, or accept it with the upstream already open.
protocol ChargerAdmitting: Sendable {
    /// Decides; an upstream it opens runs on `eventLoop`, the charger connection's.
    func admit(_ request: HTTPRequestHead, on eventLoop: any EventLoop) async -> Admission
}

/// The answer to a charger's upgrade request.
enum Admission: Sendable {
    /// Upgrade, answering with `subprotocol` (nil: no header); then `session` runs the connection.
    case accept(subprotocol: String?, session: any AcceptedCharger)
    /// Answer with an HTTP error.
    case refuse(Refusal)
}

/// A charger connection accepted before its upgrade completed.
protocol AcceptedCharger: Sendable {
    /// Runs the connection until it ends.
    func run(_ link: RelayLink) async
    /// The upgrade did not complete (the charger went away meanwhile): release what was opened for it.
    func abandon() async
}

/// The server side of a charger connection: the HTTP upgrade to WebSocket (after the proxy has opened
/// the upstream, so that the charger is answered with the subprotocol the backend chose), or an HTTP
/// error that says why not. Runs in Hummingbird's `Server`, with `TLSChannel` in front for wss://.
struct ChargerChannel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let channel: any Channel
        let upgrade: EventLoopFuture<Upgrade>
        let decision: Decision
    }

    enum Upgrade: Sendable {
        case websocket(RelayLink)
        case http(NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>)
    }

    /// What `admit` decided, kept for `handle` (set on the channel's event loop before `handle` reads it).
    final class Decision: Sendable {
        let admission = Mutex<Admission?>(nil)
    }

    let admitter: any ChargerAdmitting
    let settings: WebSocketSettings

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let decision = Decision()
            let admitter = self.admitter, settings = self.settings
            let upgrader = NIOTypedWebSocketServerUpgrader<Upgrade>(
                maxFrameSize: settings.maxFrameBytes,
                shouldUpgrade: { channel, head in
                    let promise = channel.eventLoop.makePromise(of: HTTPHeaders?.self)
                    promise.completeWithTask {
                        let admission = await admitter.admit(head, on: channel.eventLoop)
                        decision.admission.withLock { $0 = admission }
                        guard case let .accept(subprotocol, _) = admission else { return nil }
                        var headers = HTTPHeaders()
                        if let subprotocol { headers.add(name: "Sec-WebSocket-Protocol", value: subprotocol) }
                        return headers
                    }
                    return promise.futureResult
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        .websocket(try RelayLink.install(on: channel, role: .server, settings: settings))
                    }
                })
            let upgrade = NIOTypedHTTPServerUpgradeConfiguration<Upgrade>(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        .http(try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel))
                    }
                })
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration(upgradeConfiguration: upgrade)
            configuration.enablePipelining = false
            configuration.enableErrorHandling = false
            let future = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: configuration)
            return Value(channel: channel, upgrade: future, decision: decision)
        }
    }

    func handle(value: Value, logger: Logger) async {
        let admission = { value.decision.admission.withLock { $0 } }
        do {
            switch try await value.upgrade.get() {
            case let .websocket(link):
                guard case let .accept(_, session) = admission() else { link.abort(); return }
                await session.run(link)
            case let .http(channel):
                if case let .accept(_, session) = admission() { await session.abandon() }
                var refusal = Refusal.notWebSocket()
                if case let .refuse(r) = admission() { refusal = r }
                await Self.answer(channel, refusal)
            }
        } catch {
            if case let .accept(_, session) = admission() { await session.abandon() }
            logger.debug("charger upgrade failed", metadata: ["error": "\(error)"])
        }
    }

    /// Writes the refusal as a plain-text HTTP response and closes the connection.
    static func answer(_ channel: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, _ refusal: Refusal) async {
        var headers = HTTPHeaders()
        let body = ByteBuffer(string: refusal.reason + "\n")
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Connection", value: "close")
        if refusal.status == 401 { headers.add(name: "WWW-Authenticate", value: "Basic realm=\"OCPP\"") }
        let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: refusal.status), headers: headers)
        try? await channel.executeThenClose { _, outbound in
            try await outbound.write(contentsOf: [.head(head), .body(.byteBuffer(body)), .end(nil)])
        }
    }
}
