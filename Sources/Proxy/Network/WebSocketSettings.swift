/// WebSocket behaviour of one hop (charger ↔ proxy, or proxy ↔ backend).
public struct WebSocketSettings: Sendable {
    /// Ping the peer this often and drop it when the pong does not come before the next ping; nil: never.
    public var pingInterval: Duration?
    /// How long a close handshake may take before the TCP connection is simply closed.
    public var closeTimeout: Duration
    /// The largest message (all its frames together) accepted from the peer; larger ones close the
    /// connection with 1009.
    public var maxMessageBytes: Int
    /// The largest single frame accepted, and the size messages are split into when sent.
    public var maxFrameBytes: Int

    public init(pingInterval: Duration? = .seconds(60), closeTimeout: Duration = .seconds(5),
                maxMessageBytes: Int = 1 << 20, maxFrameBytes: Int = 1 << 20) {
        self.pingInterval = pingInterval
        self.closeTimeout = closeTimeout
        self.maxMessageBytes = maxMessageBytes
        self.maxFrameBytes = maxFrameBytes
    }
}
