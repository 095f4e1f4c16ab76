import Foundation
import Playbook

/// Everything a phase's gates are judged on, fetched beforehand by the engine's runner.
public struct GateInputs: Sendable {
    public var now: Date
    public var cohort: String
    public var phase: Phase
    /// When the cohort entered the phase; windows never start before it.
    public var enteredAt: Date
    /// The backend the playbook moves chargers to.
    public var to: String
    /// The cohort's chargers, each with the backend it is routed to now.
    public var chargers: [GroupCharger]
    /// Issue records (open and closed; only open ones count).
    public var issues: [IssueRecord]
    /// Approvals recorded for this cohort since it entered this phase.
    public var approvals: [ApprovalRecord]
    /// Other cohorts by name, for `after` gates.
    public var cohorts: [String: CohortMilestone]
    /// Metric evidence by gate index in `phase.gates`; a metric gate without one is pending.
    public var metrics: [Int: MetricEvidence]

    public init(now: Date, cohort: String, phase: Phase, enteredAt: Date, to: String, chargers: [GroupCharger],
                issues: [IssueRecord] = [], approvals: [ApprovalRecord] = [],
                cohorts: [String: CohortMilestone] = [:], metrics: [Int: MetricEvidence] = [:]) {
        self.now = now
        self.cohort = cohort
        self.phase = phase
        self.enteredAt = enteredAt
        self.to = to
        self.chargers = chargers
        self.issues = issues
        self.approvals = approvals
        self.cohorts = cohorts
        self.metrics = metrics
    }

    /// The cohort's chargers routed to `to`: the group metric gates judge.
    public var group: [GroupCharger] { chargers.filter { $0.backend == to } }
}

/// A metric's value over a group of chargers and a window.
public struct MetricMeasurement: Sendable, Equatable, Codable {
    /// nil: no value (no samples, a zero denominator, a source that did not answer).
    public var value: Double?
    /// What `min_samples` compares with; nil where samples are not counted (Prometheus).
    public var samples: Double?
    public var chargers: Int
    /// Why there is no value, or where it came from (a Prometheus query).
    public var note: String?
    /// True when the samples' sums or the value are not finite numbers (values too large to add up):
    /// the gate fails rather than waits, so `on_fail` runs. `note` says which sum.
    public var overflowed: Bool?

    public init(value: Double?, samples: Double?, chargers: Int, note: String? = nil, overflowed: Bool? = nil) {
        self.value = value
        self.samples = samples
        self.chargers = chargers
        self.note = note
        self.overflowed = overflowed
    }
}

/// The evidence for one metric gate: the cohort's group and, for `compare_to`, the control group.
public struct MetricEvidence: Sendable, Equatable {
    public var window: EvidenceWindow
    public var group: MetricMeasurement
    public var control: MetricMeasurement?
    /// The query sent, for Prometheus metrics.
    public var query: String?

    public init(window: EvidenceWindow, group: MetricMeasurement, control: MetricMeasurement? = nil, query: String? = nil) {
        self.window = window
        self.group = group
        self.control = control
        self.query = query
    }
}

/// Sums and counts of samples over a group of chargers and a window, as the store answers them.
public struct SampleTotals: Sendable, Equatable {
    /// Sum of values by sample name.
    public var sums: [String: Double]
    /// Number of samples by sample name.
    public var counts: [String: Int]

    public init(sums: [String: Double] = [:], counts: [String: Int] = [:]) {
        self.sums = sums
        self.counts = counts
    }
}
