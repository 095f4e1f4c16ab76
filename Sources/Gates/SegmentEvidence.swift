/// One segment of a `by:` metric gate: the chargers of the group on `to` that share a value of the attribute,
/// measured on their own (and, with `compare_to`, the same segment on the other backend).
public struct SegmentEvidence: Sendable, Equatable {
    /// The attribute's value, `(none)` for chargers without it.
    public var value: String
    /// The segment's chargers on `to`.
    public var chargers: [String]
    public var group: MetricMeasurement
    public var control: MetricMeasurement?
    /// The query sent, for Prometheus metrics.
    public var query: String?

    /// The segment of chargers that have no value for the attribute.
    public static let none = "(none)"

    public init(value: String, chargers: [String], group: MetricMeasurement, control: MetricMeasurement? = nil, query: String? = nil) {
        self.value = value
        self.chargers = chargers
        self.group = group
        self.control = control
        self.query = query
    }
}

/// How one segment of a `by:` gate fared, with its evidence.
public struct SegmentResult: Sendable, Equatable, Codable {
    /// The attribute's value that names the segment.
    public var segment: String
    public var result: Verdict
    public var value: Double?
    public var samples: Double?
    public var chargers: Int?
    public var control: ControlEvidence?
    /// One line a person reads, as a gate's `detail`.
    public var detail: String

    public init(segment: String, result: Verdict, value: Double?, samples: Double?, chargers: Int?,
                control: ControlEvidence? = nil, detail: String) {
        self.segment = segment
        self.result = result
        self.value = value
        self.samples = samples
        self.chargers = chargers
        self.control = control
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey { case segment, result, value, samples, chargers, control, detail }

    /// `value` and `samples` are written as null when missing or not finite, as on gates (`detail` says why).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(segment, forKey: .segment)
        try c.encode(result, forKey: .result)
        try c.encode(value.finiteOrNil, forKey: .value)
        try c.encode(samples.finiteOrNil, forKey: .samples)
        try c.encodeIfPresent(chargers, forKey: .chargers)
        try c.encodeIfPresent(control, forKey: .control)
        try c.encode(detail, forKey: .detail)
    }
}
