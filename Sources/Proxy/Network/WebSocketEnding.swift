import NIOCore
import NIOWebSocket

/// A close frame: its code and reason.
struct CloseFrame: Sendable, Equatable {
    var code: WebSocketErrorCode
    var reason: String?
}

/// How a WebSocket ended.
struct WebSocketEnding: Sendable {
    /// The close frame the peer sent (its own, or its answer to ours); nil when the TCP connection
    /// just ended.
    var peerClose: CloseFrame?
    /// The proxy sent the first close frame, or dropped the connection.
    var closedByProxy: Bool
    /// Why the connection's own protocol handling closed it (a protocol error, a message too large, a
    /// ping unanswered), when it did.
    var failure: String?
}

/// One WebSocket message: OCPP-J uses text; binary ones are relayed as they are.
enum RelayMessage: Sendable, Equatable {
    case text(String)
    case binary(ByteBuffer)
}

extension WebSocketErrorCode {
    /// 1012 Service Restart: the server is restarting and the client may reconnect — what chargers
    /// should hear when the proxy moves them (1000 makes some firmware stay away).
    static let serviceRestart = WebSocketErrorCode(codeNumber: 1012)
}
