import Foundation
import Gates
import Playbook

/// Runs the `check:` gates: an HTTP request or a program, outside the pure core. Implementations never throw and
/// never judge: they report what they observed (`CheckObservation`), and `GateEvaluator` decides.
public protocol CheckPerforming: Sendable {
    func observe(_ check: CheckGate, context: CheckContext) async -> CheckObservation
}

/// What a check's templates are filled from: the plan-step names (`{{cohort}}`, `{{phase}}`, ...) and
/// `{{chargers}}`, the ids of the cohort's chargers on `to`, comma-separated.
public struct CheckContext: Sendable, Equatable {
    public var cohort: String
    public var playbook: String
    public var phase: String
    public var status: String
    public var actor: String
    /// The cohort's chargers on `to`, sorted.
    public var chargers: [String]
    public var at: Date
    public var simulated: Bool

    public init(cohort: String, playbook: String, phase: String, status: String, actor: String, chargers: [String], at: Date,
                simulated: Bool) {
        self.cohort = cohort
        self.playbook = playbook
        self.phase = phase
        self.status = status
        self.actor = actor
        self.chargers = chargers
        self.at = at
        self.simulated = simulated
    }

    /// The template values by name: those of plan steps (`from_phase` is the phase, `reason` empty, `plan` is
    /// `check`), and `chargers`.
    public var templateValues: [String: String] {
        ["cohort": cohort, "phase": phase, "from_phase": phase, "status": status, "reason": "", "actor": actor,
         "playbook": playbook, "plan": "check", "chargers": chargers.joined(separator: ",")]
    }
}
