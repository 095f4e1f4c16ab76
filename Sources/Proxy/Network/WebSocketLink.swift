import Logging
import NIOCore
import NIOWebSocket
import Synchronization
@_spi(WSInternal) import WSCore

/// How a WebSocket ended.
struct WebSocketEnding: Sendable {
    /// The close frame the peer sent (its own, or its answer to ours); nil when the TCP connection
    /// just ended.
    var peerClose: WebSocketCloseFrame?
    /// The proxy sent the first close frame, or dropped the connection on purpose.
    var closedByProxy: Bool
}

/// One running WebSocket — a charger's or a backend's — on an upgraded channel.
///
/// The protocol (pings on a timer, pongs, the close handshake, fragments, UTF-8 checks, size limits)
/// is Hummingbird's `WSCore.WebSocketHandler`, reached through its `WSInternal` SPI because the proxy
/// needs the close frame it returns (who closed, with which code), which the public server and client
/// wrappers discard. The version is pinned exactly in Package.swift.
final class WebSocketLink: Sendable {
    let channel: any Channel
    private let outbound = OneShot<WebSocketOutboundWriter>()
    private let ending = OneShot<WebSocketEnding>()
    private let proxyClosed = Mutex(false)
    private let settings: WebSocketSettings

    init(channel: any Channel, settings: WebSocketSettings) {
        self.channel = channel
        self.settings = settings
    }

    /// Runs the WebSocket until it ends, passing every message to `onMessage` in order.
    func run(_ asyncChannel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, type: WebSocketType, logger: Logger,
             onMessage: @escaping @Sendable (WebSocketMessage) async -> Void) async -> WebSocketEnding {
        let configuration = WebSocketHandler.Configuration(
            extensions: [],
            autoPing: settings.pingInterval.map { .enabled(timePeriod: $0) } ?? .disabled,
            closeTimeout: settings.closeTimeout,
            validateUTF8: true,
            maxFrameSize: settings.maxFrameBytes)
        let maxMessage = settings.maxMessageBytes
        let frame: WebSocketCloseFrame?
        do {
            frame = try await WebSocketHandler.handle(
                type: type, configuration: configuration, asyncChannel: asyncChannel, context: LinkContext(logger: logger),
                handler: { inbound, outbound, _ in
                    self.outbound.set(outbound)
                    for try await message in inbound.messages(maxSize: maxMessage) { await onMessage(message) }
                })
        } catch {
            logger.debug("websocket ended with an error", metadata: ["error": "\(error)"])
            frame = nil
        }
        let end = WebSocketEnding(peerClose: frame, closedByProxy: proxyClosed.withLock { $0 })
        ending.set(end)
        return end
    }

    /// Sends one text message (split into frames of `maxFrameBytes` when larger).
    func send(text: String) async throws {
        guard let out = await outbound.wait(timeout: settings.closeTimeout) else { throw LinkClosed() }
        try await out.writeTextMessage(text)
    }

    /// Sends one binary message.
    func send(binary: ByteBuffer) async throws {
        guard let out = await outbound.wait(timeout: settings.closeTimeout) else { throw LinkClosed() }
        try await out.writeBinaryMessage(binary)
    }

    /// Starts the close handshake with `code`; drops the connection when it has not ended within the
    /// close timeout. Returns at once.
    func close(code: WebSocketErrorCode, reason: String?) {
        let first = proxyClosed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first, ending.value == nil else { return }
        let timeout = settings.closeTimeout
        Task {
            if let out = await outbound.wait(timeout: timeout) { try? await out.close(code, reason: reason) }
            if await ending.wait(timeout: timeout) == nil { try? await channel.close() }
        }
    }

    /// Drops the TCP connection without a close frame (what a network failure looks like to the peer).
    func abort() {
        proxyClosed.withLock { $0 = true }
        channel.close(promise: nil)
    }

    /// Whether the proxy started the close.
    var closingByProxy: Bool { proxyClosed.withLock { $0 } }

    /// Waits until the WebSocket has ended.
    func ended() async -> WebSocketEnding? { await ending.wait() }

    /// Waits until the WebSocket has ended, at most `timeout`.
    func ended(timeout: Duration) async -> WebSocketEnding? { await ending.wait(timeout: timeout) }
}

struct LinkClosed: Error, CustomStringConvertible {
    var description: String { "the WebSocket is closed" }
}

struct LinkContext: WebSocketContext {
    let logger: Logger
}

extension WebSocketErrorCode {
    /// 1012 Service Restart: the server is restarting and the client may reconnect — what chargers
    /// should hear when the proxy moves them (1000 makes some firmware stay away).
    static let serviceRestart = WebSocketErrorCode(codeNumber: 1012)
}
