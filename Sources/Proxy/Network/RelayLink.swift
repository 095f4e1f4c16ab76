import NIOCore
import NIOWebSocket
import Synchronization

/// A relayed WebSocket as the session holds it: callable from any thread (calls hop to the channel's
/// event loop, and run inline when already on it — a session's links share one loop, so relaying a
/// message never leaves it).
final class RelayLink: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<WebSocketRelayHandler>
    private let ending: OneShot<WebSocketEnding>
    private let closedBySession = Atomic<Bool>(false)

    private init(channel: any Channel, handler: WebSocketRelayHandler, ending: OneShot<WebSocketEnding>) {
        self.channel = channel
        self.handler = NIOLoopBound(handler, eventLoop: channel.eventLoop)
        self.ending = ending
    }

    /// Puts the WebSocket handlers on an upgraded channel (on its event loop): fragments joined up to
    /// `maxMessageBytes`, then the relay handler.
    static func install(on channel: any Channel, role: WebSocketRelayHandler.Role, settings: WebSocketSettings) throws -> RelayLink {
        channel.eventLoop.assertInEventLoop()
        let ending = OneShot<WebSocketEnding>()
        let handler = WebSocketRelayHandler(role: role, settings: settings, ending: ending)
        try channel.pipeline.syncOperations.addHandlers([
            NIOWebSocketFrameAggregator(minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 10_000,
                                        maxAccumulatedFrameSize: settings.maxMessageBytes),
            handler,
        ])
        return RelayLink(channel: channel, handler: handler, ending: ending)
    }

    var eventLoop: any EventLoop { channel.eventLoop }

    private func onLoop(_ body: @escaping @Sendable (WebSocketRelayHandler) -> Void) {
        if channel.eventLoop.inEventLoop {
            body(handler.value)
        } else {
            let handler = self.handler
            channel.eventLoop.execute { body(handler.value) }
        }
    }

    /// Takes the connection over: every message (those that came early first) and its end go to these
    /// callbacks, on the event loop.
    func attach(message: @escaping @Sendable (RelayMessage) -> Void, ended: @escaping @Sendable (WebSocketEnding) -> Void,
                writability: @escaping @Sendable (Bool) -> Void) {
        onLoop { $0.attach(.init(message: message, ended: ended, writability: writability)) }
    }

    func send(_ message: RelayMessage) {
        onLoop { $0.send(message) }
    }

    /// Starts the close handshake with `code` (the peer is dropped when it does not answer in time).
    func close(code: WebSocketErrorCode, reason: String?) {
        closedBySession.store(true, ordering: .relaxed)
        onLoop { $0.close(code: code, reason: reason) }
    }

    /// Drops the TCP connection without a close frame (what a network failure looks like to the peer).
    func abort() {
        closedBySession.store(true, ordering: .relaxed)
        onLoop { $0.abort() }
    }

    /// Whether the session closed this link (as opposed to the peer, the network or a protocol error).
    var closedOnPurpose: Bool { closedBySession.load(ordering: .relaxed) }

    /// Stops or resumes reading from the peer (backpressure: a peer that does not read its messages
    /// makes the proxy stop reading from the one that sends them).
    func setReading(_ on: Bool) {
        channel.setOption(ChannelOptions.autoRead, value: on).whenComplete { _ in }
        if on { channel.read() }
    }

    var isWritable: Bool { channel.isWritable }

    func ended() async -> WebSocketEnding? { await ending.wait() }

    func ended(timeout: Duration) async -> WebSocketEnding? { await ending.wait(timeout: timeout) }
}
