import Logging
import Synchronization

/// What a charger session reports to the switchboard.
protocol SessionEvents: Sendable {
    /// The charger is connected and relayed to `session.primary`.
    func sessionStarted(_ session: ChargerSession)
    /// The primary backend answered the charger (its boot accepted, or its first CALL answered).
    func sessionAnswered(_ session: ChargerSession)
    /// The connection ended (the charger's side and every upstream are closed).
    func sessionEnded(_ session: ChargerSession, initiator: Initiator)
    /// A connection attempt of the charger was refused.
    func chargerRefused(_ charger: String, _ refusal: Refusal)
}

/// The services every charger session shares.
final class ProxyContext: Sendable {
    let recorder: FrameRecorder
    let metrics: ProxyMetrics
    let registry: SessionRegistry
    let connector: UpstreamConnector
    let chargerSettings: WebSocketSettings
    let backendSettings: WebSocketSettings
    let logger: Logger
    /// How long a replayed BootNotification may wait for the new backend's answer.
    let replayTimeout: Duration
    private let eventSink = Mutex<(any SessionEvents)?>(nil)

    init(recorder: FrameRecorder, metrics: ProxyMetrics, registry: SessionRegistry, connector: UpstreamConnector,
         chargerSettings: WebSocketSettings, backendSettings: WebSocketSettings, logger: Logger, replayTimeout: Duration = .seconds(30)) {
        self.recorder = recorder
        self.metrics = metrics
        self.registry = registry
        self.connector = connector
        self.chargerSettings = chargerSettings
        self.backendSettings = backendSettings
        self.logger = logger
        self.replayTimeout = replayTimeout
    }

    var events: (any SessionEvents)? {
        get { eventSink.withLock { $0 } }
        set { eventSink.withLock { $0 = newValue } }
    }
}
