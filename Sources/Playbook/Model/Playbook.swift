/// A playbook: how a cohort of chargers moves from one CSMS (`from`) to another (`to`),
/// phase by phase, with the gates each phase must pass and the plans that run on pause and rollback.
///
/// Immutable once loaded; every part keeps the position it was written at.
public struct Playbook: Sendable, Equatable {
    public var name: String
    public var version: Int
    public var description: String?
    /// Backends in the order they were written.
    public var backends: [Backend]
    public var from: String
    public var to: String
    public var prometheus: PrometheusSource?
    /// Metrics in the order they were written.
    public var metrics: [MetricDefinition]
    public var phases: [Phase]
    public var plans: Plans
    /// Where `migrate serve` sends alerts about cohorts on this playbook (`alerts:`).
    public var alerts: [AlertTarget]

    public init(
        name: String, version: Int = 1, description: String? = nil,
        backends: [Backend], from: String, to: String,
        prometheus: PrometheusSource? = nil, metrics: [MetricDefinition] = [],
        phases: [Phase], plans: Plans, alerts: [AlertTarget] = []
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.backends = backends
        self.from = from
        self.to = to
        self.prometheus = prometheus
        self.metrics = metrics
        self.phases = phases
        self.plans = plans
        self.alerts = alerts
    }

    public func backend(named name: String) -> Backend? { backends.first { $0.name == name } }
    public func metric(named name: String) -> MetricDefinition? { metrics.first { $0.name == name } }
    public func phaseIndex(named name: String) -> Int? { phases.firstIndex { $0.name == name } }
}

/// A place a charger's OCPP connection can be routed to.
public struct Backend: Sendable, Equatable {
    public var name: String
    /// ws:// or wss:// endpoint.
    public var url: String
    public var position: SourcePosition

    public init(name: String, url: String, position: SourcePosition = .unknown) {
        self.name = name
        self.url = url
        self.position = position
    }
}

/// Where `prometheus:` metrics are queried.
public struct PrometheusSource: Sendable, Equatable {
    public var url: String
    public var position: SourcePosition

    public init(url: String, position: SourcePosition = .unknown) {
        self.url = url
        self.position = position
    }
}

/// The plans a playbook names: `rollback` is required, `pause` optional.
public struct Plans: Sendable, Equatable {
    public var pause: [Step]
    public var rollback: [Step]

    public init(pause: [Step] = [], rollback: [Step]) {
        self.pause = pause
        self.rollback = rollback
    }
}
