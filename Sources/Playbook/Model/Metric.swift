/// A named metric that gates refer to.
public struct MetricDefinition: Sendable, Equatable {
    public var name: String
    public var form: MetricForm
    public var position: SourcePosition

    public init(name: String, form: MetricForm, position: SourcePosition = .unknown) {
        self.name = name
        self.form = form
        self.position = position
    }
}

/// How a metric's value is computed from samples (or asked of Prometheus).
public enum MetricForm: Sendable, Equatable {
    /// sum of `numerator` ÷ sum of `denominator`; samples = sum of `denominator`.
    case ratio(numerator: String, denominator: String)
    /// sum of the metric ÷ (chargers × days in the window); samples = chargers × days.
    case perChargerDay(String)
    /// sum of the metric; samples = number of samples.
    case sum(String)
    /// mean of the metric; samples = number of samples.
    case mean(String)
    /// the single value an instant query returns at the engine's `now`.
    case prometheus(query: String)

    /// The sample names this form reads from the store (empty for Prometheus).
    public var sampleNames: [String] {
        switch self {
        case let .ratio(a, b): [a, b]
        case let .perChargerDay(a), let .sum(a), let .mean(a): [a]
        case .prometheus: []
        }
    }

    /// The YAML key of the form: `ratio`, `per_charger_day`, `sum`, `mean`, `prometheus`.
    public var keyword: String {
        switch self {
        case .ratio: "ratio"
        case .perChargerDay: "per_charger_day"
        case .sum: "sum"
        case .mean: "mean"
        case .prometheus: "prometheus"
        }
    }
}
