import NIOCore
import NIOWebSocket

/// The WebSocket protocol of one relayed connection, on its event loop: messages (fragments already
/// joined by `NIOWebSocketFrameAggregator`, text checked for UTF-8) go to the session's callbacks;
/// pings are answered, pongs awaited for the keepalive, and the close handshake is run in either
/// direction. Frames are encoded and decoded by NIOWebSocket; messages are written as single frames,
/// masked when this side is the client.
///
/// It does the work in the channel's own event loop, without a hop to another thread, so that a
/// message crosses the proxy in one pass from the charger's socket to the backend's.
final class WebSocketRelayHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    enum Role { case server, client }

    struct Callbacks {
        var message: (RelayMessage) -> Void
        var ended: (WebSocketEnding) -> Void
        var writability: (Bool) -> Void
    }

    private enum State { case open, closing, closed }

    let role: Role
    let settings: WebSocketSettings
    let ending: OneShot<WebSocketEnding>
    private var context: ChannelHandlerContext?
    private var callbacks: Callbacks?
    /// Messages that arrived before the session took the connection over.
    private var early: [RelayMessage] = []
    private var state = State.open
    private var peerClose: CloseFrame?
    private var closedByProxy = false
    private var pinger: RepeatedTask?
    private var awaitingPong = false
    private var closeTimer: Scheduled<Void>?
    private var failure: String?

    init(role: Role, settings: WebSocketSettings, ending: OneShot<WebSocketEnding>) {
        self.role = role
        self.settings = settings
        self.ending = ending
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        guard let interval = settings.pingInterval else { return }
        let amount = TimeAmount.nanoseconds(Int64(interval.components.seconds) * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        pinger = context.eventLoop.scheduleRepeatedTask(initialDelay: amount, delay: amount) { _ in loopBound.value.ping() }
    }

    /// The session takes the connection over: messages so far, then every next one, go to `callbacks`.
    func attach(_ callbacks: Callbacks) {
        self.callbacks = callbacks
        let pending = early
        early = []
        for message in pending { callbacks.message(message) }
        if state == .closed { callbacks.ended(WebSocketEnding(peerClose: peerClose, closedByProxy: closedByProxy, failure: failure)) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            guard let text = String(validating: frame.unmaskedData.readableBytesView, as: UTF8.self) else {
                return fail(.dataInconsistentWithMessage, "text that is not UTF-8")
            }
            deliver(.text(text))
        case .binary:
            deliver(.binary(frame.unmaskedData))
        case .ping:
            guard frame.fin else { return fail(.protocolError, "fragmented ping") }
            if state != .closed { write(.pong, frame.unmaskedData) }
        case .pong:
            awaitingPong = false
        case .connectionClose:
            receivedClose(frame.unmaskedData)
        default:
            fail(.protocolError, "unexpected opcode")
        }
    }

    private func deliver(_ message: RelayMessage) {
        guard state != .closed else { return }
        if let callbacks { callbacks.message(message) } else { early.append(message) }
    }

    /// Sends one message; false when the connection is closing or closed.
    @discardableResult
    func send(_ message: RelayMessage) -> Bool {
        guard state == .open else { return false }
        switch message {
        case let .text(text): write(.text, ByteBuffer(string: text))
        case let .binary(buffer): write(.binary, buffer)
        }
        return true
    }

    /// Starts the close handshake (the proxy closes first); the TCP connection is dropped when the peer
    /// has not answered within the close timeout.
    func close(code: WebSocketErrorCode, reason: String?) {
        guard state == .open, let context else { return }
        state = .closing
        closedByProxy = true
        var data = context.channel.allocator.buffer(capacity: 2 + (reason?.utf8.count ?? 0))
        data.write(webSocketErrorCode: code)
        if let reason { data.writeString(String(decoding: reason.utf8.prefix(123), as: UTF8.self)) }
        write(.connectionClose, data)
        scheduleDrop()
    }

    /// Drops the TCP connection without a close frame.
    func abort() {
        closedByProxy = true
        context?.close(promise: nil)
    }

    var isWritable: Bool { context?.channel.isWritable ?? false }

    private func receivedClose(_ data: ByteBuffer) {
        var data = data
        let code = data.readInteger(as: UInt16.self).map { WebSocketErrorCode(codeNumber: Int($0)) }
        let reason = data.readableBytes > 0 ? data.readString(length: data.readableBytes) : nil
        switch state {
        case .open:
            peerClose = code.map { CloseFrame(code: $0, reason: reason) } ?? CloseFrame(code: .unknown(1005), reason: nil)
            state = .closing
            var echo = context?.channel.allocator.buffer(capacity: 2) ?? ByteBuffer()
            if let code { echo.write(webSocketErrorCode: code) }
            write(.connectionClose, echo)
            // The server ends the TCP connection; a client waits for it to (RFC 6455 §7.1.1), but not forever.
            if role == .server { context?.close(promise: nil) } else { scheduleDrop() }
        case .closing:
            if closedByProxy, peerClose == nil {
                peerClose = code.map { CloseFrame(code: $0, reason: reason) } ?? CloseFrame(code: .unknown(1005), reason: nil)
            }
            context?.close(promise: nil)
        case .closed:
            break
        }
    }

    private func scheduleDrop() {
        guard let context else { return }
        let timeout = settings.closeTimeout
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        closeTimer = context.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout.components.seconds) * 1000
                                                                       + timeout.components.attoseconds / 1_000_000_000_000_000)) {
            loopBound.value.close(promise: nil)
        }
    }

    private func ping() {
        guard state == .open, let context else { return }
        if awaitingPong {
            // No pong since the last ping: the peer is gone. Dropped as the network would drop it.
            failure = "no pong within the ping interval"
            closedByProxy = true
            context.close(promise: nil)
            return
        }
        awaitingPong = true
        write(.ping, context.channel.allocator.buffer(bytes: [0x6D, 0x70]))
    }

    private func write(_ opcode: WebSocketOpcode, _ data: ByteBuffer) {
        guard let context else { return }
        let frame = WebSocketFrame(fin: true, opcode: opcode, maskKey: role == .client ? .random() : nil, data: data)
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    private func fail(_ code: WebSocketErrorCode, _ why: String) {
        if failure == nil { failure = why }
        close(code: code, reason: why)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        callbacks?.writability(context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case NIOWebSocketFrameAggregator.Error.accumulatedFrameSizeIsTooLarge, NIOWebSocketError.invalidFrameLength:
            fail(.messageTooLarge, "message larger than \(settings.maxMessageBytes) bytes")
        case is NIOWebSocketError, is NIOWebSocketFrameAggregator.Error:
            fail(.protocolError, "WebSocket protocol error: \(error)")
        default:
            if failure == nil { failure = "\(error)" }
            closedByProxy = true
            context.close(promise: nil)
        }
    }

    /// The peer ended its side of the TCP connection (clients allow half-closure): the WebSocket is over.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish()
    }

    private func finish() {
        guard state != .closed else { return }
        state = .closed
        pinger?.cancel()
        closeTimer?.cancel()
        let end = WebSocketEnding(peerClose: peerClose, closedByProxy: closedByProxy, failure: failure)
        ending.set(end)
        callbacks?.ended(end)
        early.removeAll()
    }
}
