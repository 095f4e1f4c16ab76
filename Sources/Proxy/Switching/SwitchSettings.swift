/// The rules of moving connected chargers when their route changes.
public struct SwitchSettings: Sendable, Equatable {
    /// How long a switch waits for the charger to be idle (no transaction open, no CALL in flight).
    public var idleWait: Duration
    /// After `idleWait`, how long it still waits for no CALL to be in flight (transactions no longer
    /// count: their messages keep going to the backend that started them) before closing regardless.
    public var forceGrace: Duration
    /// How long a moved charger has to come back on its new backend and be answered there.
    public var returnTimeout: Duration
    /// At most this many chargers are closed for a switch within any `batchInterval`.
    public var batchSize: Int
    public var batchInterval: Duration

    public init(idleWait: Duration = .seconds(600), forceGrace: Duration = .seconds(30), returnTimeout: Duration = .seconds(600),
                batchSize: Int = 20, batchInterval: Duration = .seconds(10)) {
        self.idleWait = idleWait
        self.forceGrace = forceGrace
        self.returnTimeout = returnTimeout
        self.batchSize = batchSize
        self.batchInterval = batchInterval
    }
}
