/// A phase's `preflight:`: checked for each charger, on its own samples over `lookback`, before a scope
/// routes it to `to`. A charger that fails (or was not seen within `seenWithin`) stays on `from`, flagged as
/// unhealthy before the move, and a share takes a healthy charger instead.
public struct Preflight: Sendable, Equatable {
    /// How far back the charger's own samples are read.
    public var lookback: PlaybookDuration
    /// At least one sample (of any metric) this recently; nil: not checked.
    public var seenWithin: PlaybookDuration?
    /// Per-charger criteria on metrics of `metrics:` (sample-based forms only).
    public var metrics: [PreflightMetric]
    public var position: SourcePosition

    /// The longest `lookback` and `seen_within`: a year and a day.
    public static let longest = PlaybookDuration.days(366)

    public init(lookback: PlaybookDuration, seenWithin: PlaybookDuration? = nil, metrics: [PreflightMetric] = [],
                position: SourcePosition = .unknown) {
        self.lookback = lookback
        self.seenWithin = seenWithin
        self.metrics = metrics
        self.position = position
    }
}

/// `- metric: NAME` with `at_least: X` or `at_most: X`, judged on one charger's samples.
public struct PreflightMetric: Sendable, Equatable {
    public var metric: String
    public var bound: MetricGate.Bound

    public init(metric: String, bound: MetricGate.Bound) {
        self.metric = metric
        self.bound = bound
    }
}
