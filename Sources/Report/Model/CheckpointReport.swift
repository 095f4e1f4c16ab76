import Foundation
import Gates

/// The checkpoint decision report of one cohort: what leadership reads before expansion.
/// Assembled from a `ReportInput` by `CheckpointReport.assemble`; rendered by `MarkdownRenderer` and `HTMLRenderer`.
public struct CheckpointReport: Sendable, Equatable {
    public var cohort: String
    public var playbook: String
    public var playbookDigest: String
    /// `active`, `paused`, `rolling-back`, `rolled-back` or `completed`.
    public var status: String
    public var phase: String
    public var phases: [String]
    public var from: String
    public var to: String
    public var chargers: Int
    public var now: Date
    public var decision: Decision
    /// The gates of each phase passed (from the journal), then the current phase's (evaluated now).
    public var gates: [GateRow]
    public var answers: Answers
    /// By model, by site, by backend.
    public var coverage: [CoverageTable]
    public var timeline: [TimelineRow]
    public var verification: JournalVerification
    public var operating: OperatingModel
    public var charts: [MetricChart]
    /// Set when there is no evidence at all yet: no samples, no phase passed, no issues, no approvals.
    public var noData: String?

    public init(cohort: String, playbook: String, playbookDigest: String, status: String, phase: String, phases: [String],
                from: String, to: String, chargers: Int, now: Date, decision: Decision, gates: [GateRow], answers: Answers,
                coverage: [CoverageTable], timeline: [TimelineRow], verification: JournalVerification,
                operating: OperatingModel, charts: [MetricChart], noData: String?) {
        self.cohort = cohort
        self.playbook = playbook
        self.playbookDigest = playbookDigest
        self.status = status
        self.phase = phase
        self.phases = phases
        self.from = from
        self.to = to
        self.chargers = chargers
        self.now = now
        self.decision = decision
        self.gates = gates
        self.answers = answers
        self.coverage = coverage
        self.timeline = timeline
        self.verification = verification
        self.operating = operating
        self.charts = charts
        self.noData = noData
    }
}
