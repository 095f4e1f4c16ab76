import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import NIOWebSocket
import WSClient

/// How a backend answered the proxy's WebSocket upgrade.
enum UpstreamUpgrade: Sendable {
    /// Upgraded: messages flow on `link`; `subprotocol` is what the backend chose (nil: none).
    case websocket(RelayLink, subprotocol: String?)
    /// Refused with this HTTP status (the charger is refused with the same one when it is a 4xx).
    case refused(status: Int)
}

/// The client side of one upstream connection: TLS when the URL is wss://, the HTTP upgrade request
/// with the charger's subprotocols and credentials, and the backend's answer — its chosen subprotocol,
/// or its refusal status — which the Hummingbird WebSocket client does not expose.
///
/// Runs through `WSClient.ClientConnection` on the event loop of the charger it serves; the frames then
/// go through NIOWebSocket's codec and the proxy's `WebSocketRelayHandler`.
struct UpstreamChannel: ClientConnectionChannel {
    /// The upgrade's outcome as the pipeline knows it: upgraded, or refused with a status still to read
    /// (the response head reaches the pipeline only after the not-upgraded handler has returned).
    enum Outcome: Sendable {
        case upgraded(UpstreamUpgrade)
        case refused(EventLoopFuture<UpstreamUpgrade>)
    }

    typealias Value = EventLoopFuture<Outcome>
    typealias Result = UpstreamUpgrade

    /// The request target: path and query.
    let target: String
    /// `Host` header value.
    let hostHeader: String
    let headers: HTTPHeaders
    let tls: NIOSSLContext?
    /// SNI and certificate host name; nil for an IP address.
    let serverHostname: String?
    let settings: WebSocketSettings
    let upgradeTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let timeout = channel.eventLoop.scheduleTask(in: upgradeTimeout) { channel.close(promise: nil) }
            let upgrader = NIOTypedWebSocketClientUpgrader<Outcome>(
                maxFrameSize: settings.maxFrameBytes,
                upgradePipelineHandler: { [settings] channel, head in
                    timeout.cancel()
                    return channel.eventLoop.makeCompletedFuture {
                        let link = try RelayLink.install(on: channel, role: .client, settings: settings)
                        let chosen = head.headers["Sec-WebSocket-Protocol"].first.map { $0.trimmed(of: " \t") }
                        return .upgraded(.websocket(link, subprotocol: chosen.flatMap { $0.isEmpty ? nil : $0 }))
                    }
                })
            var requestHeaders = headers
            requestHeaders.replaceOrAdd(name: "Host", value: hostHeader)
            let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target, headers: requestHeaders)
            let configuration = NIOTypedHTTPClientUpgradeConfiguration<Outcome>(
                upgradeRequestHead: head,
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    timeout.cancel()
                    return channel.eventLoop.makeCompletedFuture {
                        let catcher = StatusCatcher(promise: channel.eventLoop.makePromise())
                        try channel.pipeline.syncOperations.addHandler(catcher)
                        return .refused(catcher.promise.futureResult)
                    }
                })
            var pipeline = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: configuration)
            pipeline.leftOverBytesStrategy = .forwardBytes
            if let tls {
                let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }
            return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: pipeline)
        }
    }

    func handle(value: Value, logger: Logger) async throws -> UpstreamUpgrade {
        switch try await value.get() {
        case let .upgraded(upgrade): upgrade
        case let .refused(status): try await status.get()
        }
    }
}

/// Reads the status of a response that refused the upgrade, then closes the connection.
private final class StatusCatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    let promise: EventLoopPromise<UpstreamUpgrade>
    private var done = false

    init(promise: EventLoopPromise<UpstreamUpgrade>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !done, case let .head(head) = unwrapInboundIn(data) {
            done = true
            promise.succeed(.refused(status: Int(head.status.code)))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done { done = true; promise.fail(ChannelError.ioOnClosedChannel) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !done { done = true; promise.fail(error) }
        context.close(promise: nil)
    }
}
