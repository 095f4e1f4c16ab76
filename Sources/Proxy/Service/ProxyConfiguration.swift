/// Everything `migrate proxy` can be told; the defaults suit a pilot.
public struct ProxyConfiguration: Sendable {
    /// Where chargers connect.
    public var listenHost: String = "0.0.0.0"
    public var listenPort: Int = 8080
    /// The path before the charger id: chargers connect to `pathPrefix/{id}`.
    public var pathPrefix: String = "/ocpp"
    /// PEM certificate chain and key: chargers then connect with wss:// (OCPP security profile 2).
    public var tlsCertificateFile: String?
    public var tlsKeyFile: String?
    /// Where `/healthz` and `/metrics` are served.
    public var operationsHost: String = "127.0.0.1"
    public var operationsPort: Int = 9180
    /// Where the frame log and the switch log are written; nil: nothing is recorded.
    public var logDirectory: String?
    /// A frame log file is closed and a new one started past this size (and at each UTC midnight).
    public var logFileBytes: Int = 256 << 20
    /// Records queued for the disk at most; past it they are dropped and counted.
    public var logQueueBytes: Int = 64 << 20
    /// Where what the proxy remembers of chargers is kept across restarts; nil: memory only.
    public var stateFile: String?
    /// Per-backend credentials and trust roots.
    public var backends: [String: BackendSettings] = [:]
    /// Where fleet chargers in no cohort go; nil: they are refused.
    public var unroutedTarget: RouteTarget?
    public var chargerSide = WebSocketSettings()
    public var backendSide = WebSocketSettings()
    public var switching = SwitchSettings()
    /// How long opening an upstream (TCP, TLS, the upgrade) may take.
    public var connectTimeout: Duration = .seconds(10)
    /// The subprotocol the frame log names for a charger that offered none.
    public var assumedSubprotocol: String = "ocpp1.6"
    /// On shutdown, how long chargers get to close after their 1012 before they are dropped.
    public var drainTimeout: Duration = .seconds(10)
    /// `/healthz` fails when the routing table has not been confirmed current for this long.
    public var staleAfter: Duration = .seconds(10)

    public init() {}
}

/// The addresses the proxy listens on, once bound (a port of 0 becomes a real one).
public struct ListeningAddresses: Sendable {
    public var chargers: String
    public var operations: String
}
