import Foundation
import Playbook

/// What a plan step is told about the event it runs for: the template values
/// (`{{cohort}}`, `{{phase}}`, ...) and the default webhook body come from here.
public struct PlanEvent: Sendable, Equatable, Codable {
    /// `pause`, `rollback` or `enter` (a phase's `on_enter`).
    public var plan: PlanKind
    /// Unique per plan run: `COHORT/PLAN/SEQ` where SEQ is the journal entry that started the run.
    public var planRun: String
    public var cohort: String
    public var playbook: String
    public var phase: String
    /// The phase the cohort came from, for `on_enter`; otherwise the same as `phase`.
    public var fromPhase: String
    public var status: String
    public var reason: String
    public var actor: String
    /// Chargers whose route changed in this plan run so far (for the default webhook body).
    public var chargersRouted: [String]
    public var at: Date
    public var simulated: Bool

    public init(plan: PlanKind, planRun: String, cohort: String, playbook: String, phase: String, fromPhase: String,
                status: String, reason: String, actor: String, chargersRouted: [String] = [], at: Date, simulated: Bool = false) {
        self.plan = plan
        self.planRun = planRun
        self.cohort = cohort
        self.playbook = playbook
        self.phase = phase
        self.fromPhase = fromPhase
        self.status = status
        self.reason = reason
        self.actor = actor
        self.chargersRouted = chargersRouted
        self.at = at
        self.simulated = simulated
    }

    /// The values of the playbook templates, by name.
    public var templateValues: [String: String] {
        ["cohort": cohort, "phase": phase, "from_phase": fromPhase, "status": status,
         "reason": reason, "actor": actor, "playbook": playbook, "plan": plan.rawValue]
    }

    /// The idempotency key of step `index` in this run: the same on every retry and every re-run.
    public func idempotencyKey(step index: Int) -> String { "\(planRun)/\(index)" }
}

/// Which plan runs.
public enum PlanKind: String, Sendable, Equatable, Codable, CaseIterable {
    case pause, rollback
    /// A phase's `on_enter`.
    case enter
}
