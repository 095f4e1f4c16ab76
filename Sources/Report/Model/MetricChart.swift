import Foundation
import Gates

/// A metric gate's daily value over the phase, against its threshold and, with `compare_to`, the control group.
public struct MetricChart: Sendable, Equatable {
    public var metric: String
    /// True for `at_least` (higher is better), false for `at_most`.
    public var atLeast: Bool
    public var threshold: Double
    public var window: EvidenceWindow
    public var group: [ChartPoint]
    public var controlBackend: String?
    public var control: [ChartPoint]?
    /// Why there is nothing to draw, when there is not.
    public var note: String?
    /// Which chargers the cohort's line is, when not those the gate judges now.
    public var groupNote: String?

    public init(metric: String, atLeast: Bool, threshold: Double, window: EvidenceWindow, group: [ChartPoint],
                controlBackend: String? = nil, control: [ChartPoint]? = nil, note: String? = nil) {
        self.metric = metric
        self.atLeast = atLeast
        self.threshold = threshold
        self.window = window
        self.group = group
        self.controlBackend = controlBackend
        self.control = control
        self.note = note
    }

    /// Whether any day has a value to draw.
    public var hasData: Bool { group.contains { $0.value != nil } || (control ?? []).contains { $0.value != nil } }
}

/// One day's value (nil: no samples that day).
public struct ChartPoint: Sendable, Equatable {
    public var day: Date
    public var value: Double?
    public var samples: Double?

    public init(day: Date, value: Double?, samples: Double?) {
        self.day = day
        self.value = value
        self.samples = samples
    }
}
