import Foundation

/// The result of one gate with the evidence it was decided on.
public struct GateResult: Sendable, Equatable, Codable {
    /// `metric`, `issues`, `approvals`, `coverage`, `calendar`, `after` or `soak`.
    public var kind: String
    /// What the gate is about: the metric name, the roles, the attribute, ...
    public var name: String
    public var result: Verdict
    public var value: Double?
    public var threshold: Double?
    public var samples: Double?
    public var window: EvidenceWindow?
    /// Chargers in the group the gate judged.
    public var chargers: Int?
    /// For `compare_to`: the control group's side.
    public var control: ControlEvidence?
    /// Where the evidence came from: issue ids, approvers, a Prometheus query, chargers missing.
    public var source: [String]?
    /// One line a person reads: "session_start_success 0.981 >= 0.97 over 24 chargers, 1432 samples".
    public var detail: String

    public init(kind: String, name: String, result: Verdict, value: Double? = nil, threshold: Double? = nil,
                samples: Double? = nil, window: EvidenceWindow? = nil, chargers: Int? = nil,
                control: ControlEvidence? = nil, source: [String]? = nil, detail: String) {
        self.kind = kind
        self.name = name
        self.result = result
        self.value = value
        self.threshold = threshold
        self.samples = samples
        self.window = window
        self.chargers = chargers
        self.control = control
        self.source = source
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case kind, name, result, value, threshold, samples, window, chargers, control, source, detail
    }

    /// `value`, `threshold`, `samples` and `window` are written as null when a gate has none,
    /// so scripts can index them on every gate. A number that is not finite is written as null too
    /// (JSON has no infinity); `detail` says why, so encoding never fails.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(result, forKey: .result)
        try c.encode(value.finiteOrNil, forKey: .value)
        try c.encode(threshold.finiteOrNil, forKey: .threshold)
        try c.encode(samples.finiteOrNil, forKey: .samples)
        try c.encode(window, forKey: .window)
        try c.encodeIfPresent(chargers, forKey: .chargers)
        try c.encodeIfPresent(control, forKey: .control)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encode(detail, forKey: .detail)
    }
}

/// The time window evidence was taken over.
public struct EvidenceWindow: Sendable, Equatable, Codable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    public var seconds: Double { end.timeIntervalSince(start) }
    public var days: Double { seconds / 86_400 }
}

/// The control group of a `compare_to` metric gate.
public struct ControlEvidence: Sendable, Equatable, Codable {
    public var backend: String
    public var value: Double?
    public var samples: Double?
    public var chargers: Int?
    /// How much worse the cohort is than the control (positive: worse).
    public var drop: Double?
    public var maxDrop: Double?

    public init(backend: String, value: Double? = nil, samples: Double? = nil, chargers: Int? = nil,
                drop: Double? = nil, maxDrop: Double? = nil) {
        self.backend = backend
        self.value = value
        self.samples = samples
        self.chargers = chargers
        self.drop = drop
        self.maxDrop = maxDrop
    }

    enum CodingKeys: String, CodingKey {
        case backend, value, samples, chargers, drop
        case maxDrop = "max_drop"
    }

    /// As synthesized, but a number that is not finite is left out (JSON has no infinity).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(backend, forKey: .backend)
        try c.encodeIfPresent(value.finiteOrNil, forKey: .value)
        try c.encodeIfPresent(samples.finiteOrNil, forKey: .samples)
        try c.encodeIfPresent(chargers, forKey: .chargers)
        try c.encodeIfPresent(drop.finiteOrNil, forKey: .drop)
        try c.encodeIfPresent(maxDrop.finiteOrNil, forKey: .maxDrop)
    }
}

extension Optional where Wrapped == Double {
    /// The number when it is finite; nil for none, infinity and NaN.
    package var finiteOrNil: Double? {
        guard let value = self, value.isFinite else { return nil }
        return value
    }
}

/// Every gate of a phase, evaluated at one instant.
public struct GateReport: Sendable, Equatable, Codable {
    public var cohort: String
    public var phase: String
    public var evaluatedAt: Date
    public var result: Verdict
    public var gates: [GateResult]

    public init(cohort: String, phase: String, evaluatedAt: Date, gates: [GateResult]) {
        self.cohort = cohort
        self.phase = phase
        self.evaluatedAt = evaluatedAt
        self.gates = gates
        self.result = Verdict.combine(gates.map(\.result))
    }

    enum CodingKeys: String, CodingKey {
        case cohort, phase, result, gates
        case evaluatedAt = "evaluated_at"
    }
}
