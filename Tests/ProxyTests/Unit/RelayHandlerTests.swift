import NIOCore
import NIOEmbedded
import NIOWebSocket
import Synchronization
import Testing
@testable import Proxy

/// The relay's WebSocket handling on an embedded channel: messages, pings, both close handshakes, bad
/// text, and messages that come before the session takes over.
struct RelayHandlerTests {
    final class Seen: Sendable {
        let messages = Mutex<[RelayMessage]>([])
        let endings = Mutex<[WebSocketEnding]>([])
    }

    func channel(_ role: WebSocketRelayHandler.Role) throws -> (EmbeddedChannel, WebSocketRelayHandler, Seen) {
        let handler = WebSocketRelayHandler(role: role, settings: WebSocketSettings(pingInterval: nil), ending: OneShot())
        let channel = EmbeddedChannel(handler: handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        let seen = Seen()
        handler.attach(.init(message: { m in seen.messages.withLock { $0.append(m) } },
                             ended: { e in seen.endings.withLock { $0.append(e) } }, writability: { _ in }))
        return (channel, handler, seen)
    }

    /// An inbound frame as the decoder hands it over: masked data with its key, when `masked`.
    func frame(_ opcode: WebSocketOpcode, _ text: String = "", masked: Bool = false) -> WebSocketFrame {
        var data = ByteBuffer(string: text)
        let key: WebSocketMaskingKey? = masked ? .random() : nil
        if let key { data.webSocketMask(key) }
        return WebSocketFrame(fin: true, opcode: opcode, maskKey: key, data: data)
    }

    func closeFrame(_ code: UInt16?) -> WebSocketFrame {
        var data = ByteBuffer()
        if let code { data.writeInteger(code) }
        return WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
    }

    @Test func messagesArriveUnmaskedAndPingsAreAnswered() throws {
        let (channel, _, seen) = try channel(.server)
        try channel.writeInbound(frame(.text, #"[2,"1","Heartbeat",{}]"#, masked: true))
        #expect(seen.messages.withLock { $0 } == [.text(#"[2,"1","Heartbeat",{}]"#)])
        try channel.writeInbound(frame(.ping, "hi", masked: true))
        let pong = try #require(try channel.readOutbound(as: WebSocketFrame.self))
        #expect(pong.opcode == .pong && String(buffer: pong.data) == "hi" && pong.maskKey == nil)
    }

    @Test func aClientMasksWhatItSends() throws {
        let (channel, handler, _) = try channel(.client)
        #expect(handler.send(.text("[3,\"1\",{}]")))
        let out = try #require(try channel.readOutbound(as: WebSocketFrame.self))
        // Outbound frames carry plain data and the key; the encoder masks them on the wire.
        #expect(out.maskKey != nil && String(buffer: out.data) == "[3,\"1\",{}]")
    }

    @Test func thePeersCloseIsEchoedAndEndsTheConnection() throws {
        let (channel, handler, seen) = try channel(.server)
        try channel.writeInbound(closeFrame(1001))
        let echo = try #require(try channel.readOutbound(as: WebSocketFrame.self))
        #expect(echo.opcode == .connectionClose)
        #expect(!handler.send(.text("late")), "nothing is sent after a close")
        let ending = try #require(seen.endings.withLock { $0.first })
        #expect(ending.peerClose?.code == .goingAway && !ending.closedByProxy && ending.failure == nil)
    }

    @Test func theProxysCloseWaitsForTheAnswer() throws {
        let (channel, handler, seen) = try channel(.server)
        handler.close(code: .serviceRestart, reason: "moving to another backend")
        var sent = try #require(try channel.readOutbound(as: WebSocketFrame.self)).data
        #expect(sent.readInteger(as: UInt16.self) == 1012 && sent.readString(length: sent.readableBytes) == "moving to another backend")
        #expect(seen.endings.withLock { $0.isEmpty }, "still open until the charger answers")
        try channel.writeInbound(frame(.text, #"[3,"9",{}]"#))
        #expect(seen.messages.withLock { $0.count } == 1, "answers still come in during the handshake")
        try channel.writeInbound(closeFrame(1012))
        let ending = try #require(seen.endings.withLock { $0.first })
        #expect(ending.closedByProxy && ending.peerClose?.code == .serviceRestart)
    }

    @Test func textThatIsNotUTF8ClosesWith1007() throws {
        let (channel, _, seen) = try channel(.server)
        try channel.writeInbound(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: [0x5B, 0xC0, 0x5D])))
        var sent = try #require(try channel.readOutbound(as: WebSocketFrame.self)).data
        #expect(sent.readInteger(as: UInt16.self) == 1007)
        #expect(seen.messages.withLock { $0.isEmpty })
    }

    @Test func messagesBeforeTheSessionTakesOverAreKept() throws {
        let handler = WebSocketRelayHandler(role: .client, settings: WebSocketSettings(pingInterval: nil), ending: OneShot())
        let channel = EmbeddedChannel(handler: handler)
        try channel.writeInbound(frame(.text, #"[2,"a","GetConfiguration",{}]"#))
        let seen = Seen()
        handler.attach(.init(message: { m in seen.messages.withLock { $0.append(m) } }, ended: { _ in }, writability: { _ in }))
        #expect(seen.messages.withLock { $0 } == [.text(#"[2,"a","GetConfiguration",{}]"#)])
    }

    @Test func aLostConnectionIsNoCloseFrame() throws {
        let (channel, _, seen) = try channel(.client)
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        channel.embeddedEventLoop.run()
        let ending = try #require(seen.endings.withLock { $0.first })
        #expect(ending.peerClose == nil && !ending.closedByProxy)
    }
}
