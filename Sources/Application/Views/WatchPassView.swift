import Engine
import Foundation
import Gates
import Playbook

/// What one pass of the server's watch loop did (the automation pass of `migrate evaluate`, every interval): when it
/// ran, whether this server evaluated (it holds the evaluator lease) or stood by, and for each active cohort what
/// it found and did. `GET /api/watch` and the dashboard's overview show the last one.
public struct WatchPassView: Codable, Sendable, Equatable {
    /// One cohort's outcome in the pass.
    public struct CohortOutcome: Codable, Sendable, Equatable {
        public var cohort: String
        /// `advanced`, `completed`, `rolled-back`, `paused`, `quarantined`, `blocked`, `unchanged` or `error`.
        public var did: String
        /// The cohort's phase and status after the pass.
        public var phase: String?
        public var status: String?
        /// The gates of the phase evaluated: `pass`, `fail` or `pending`, and the failing ones by name.
        public var gates: String?
        public var failing: [String]
        /// The journal entries the pass appended for the cohort.
        public var entries: [Int64]
        /// The refusal, where the plan stands, or the error, in words.
        public var detail: String?
    }

    public var startedAt: Date
    public var endedAt: Date
    /// `evaluated`, `standby` (another server holds the evaluator lease) or `failed` (the pass itself failed).
    public var outcome: String
    public var cohorts: [CohortOutcome]
    /// Why the pass failed, when it did.
    public var error: String?
    /// Alerts the pass found due.
    public var alerts: Int

    public init(startedAt: Date, endedAt: Date, outcome: String, cohorts: [CohortOutcome] = [], error: String? = nil, alerts: Int = 0) {
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.cohorts = cohorts
        self.error = error
        self.alerts = alerts
    }

    /// Whether the pass did anything to a cohort, or failed for one.
    public var changedSomething: Bool { cohorts.contains { $0.did != "unchanged" } }

    /// The outcomes of an evaluation's `results`.
    public static func outcomes(_ results: [EvaluationResult]) -> [CohortOutcome] {
        results.map { r in
            guard let t = r.transition else {
                return CohortOutcome(cohort: r.cohort, did: "error", phase: nil, status: nil, gates: nil, failing: [], entries: [],
                                     detail: r.error.map(Self.text))
            }
            let kinds = Set(t.outcome.committed.map(\.kind))
            let did: String =
                if kinds.contains(.rollbackStarted) || kinds.contains(.rolledBack) { "rolled-back" }
                else if kinds.contains(.completed) { "completed" }
                else if kinds.contains(.advanced) { "advanced" }
                else if kinds.contains(.paused) { "paused" }
                else if kinds.contains(.segmentQuarantined) { "quarantined" }
                else if kinds.contains(.blocked) || t.outcome.refusal != nil { "blocked" }
                else { "unchanged" }
            let detail = [t.outcome.refusal?.description, PlanStopText.describe(t.outcome.plan), r.error.map(Self.text)]
                .compactMap { $0 }.joined(separator: "; ")
            return CohortOutcome(cohort: r.cohort, did: did, phase: t.after.machine.phase.name, status: t.after.cohort.status.rawValue,
                                 gates: t.outcome.report?.result.rawValue, failing: t.outcome.report?.gates.filter { $0.result == .fail }.map(\.name) ?? [],
                                 entries: t.outcome.committed.map(\.seq), detail: detail.isEmpty ? nil : detail)
        }
    }

    static func text(_ error: any Error) -> String { (error as? any KindedError)?.description ?? "\(error)" }

    enum CodingKeys: String, CodingKey {
        case startedAt = "started_at", endedAt = "ended_at", outcome, cohorts, error, alerts
    }
}
