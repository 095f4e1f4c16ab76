import Foundation
import Gates

/// The five checkpoint questions, each answered with data.
public struct Answers: Sendable, Equatable {
    /// 1. Did the platform meet the written success criteria?
    public var criteria: CriteriaAnswer
    /// 2. Which issues remain open? Most severe first.
    public var openIssues: [IssueLine]
    /// 3. Pilot-specific or fleet-wide? Open issues by scope; no scope is "unclassified".
    public var pilotSpecific: [IssueLine]
    public var fleetWide: [IssueLine]
    public var unclassified: [IssueLine]
    /// 3, continued: segments quarantined (a risk of that model, firmware or site, not of the fleet) and chargers held
    /// back as unhealthy before the move (not evidence against the new platform).
    public var quarantined: [SegmentLine]
    public var heldBack: [HeldLine]
    /// 4. Does scale-up need extra architecture or process? Each risk in a sentence.
    public var risks: [String]
    /// 5. The rollback and pause plans as they would run, and the rollbacks that did run.
    public var plans: [PlanText]
    public var rollbacks: [RollbackRun]

    public init(criteria: CriteriaAnswer, openIssues: [IssueLine], pilotSpecific: [IssueLine], fleetWide: [IssueLine],
                unclassified: [IssueLine], risks: [String], plans: [PlanText], rollbacks: [RollbackRun],
                quarantined: [SegmentLine] = [], heldBack: [HeldLine] = []) {
        self.criteria = criteria
        self.openIssues = openIssues
        self.pilotSpecific = pilotSpecific
        self.fleetWide = fleetWide
        self.unclassified = unclassified
        self.quarantined = quarantined
        self.heldBack = heldBack
        self.risks = risks
        self.plans = plans
        self.rollbacks = rollbacks
    }
}

/// Criteria met: the current phase's gates now, and the phases passed.
public struct CriteriaAnswer: Sendable, Equatable {
    public var phase: String
    public var total: Int
    public var passing: [String]
    public var failing: [String]
    public var pending: [String]
    public var passedPhases: [PassedPhase]

    public init(phase: String, total: Int, passing: [String], failing: [String], pending: [String], passedPhases: [PassedPhase]) {
        self.phase = phase
        self.total = total
        self.passing = passing
        self.failing = failing
        self.pending = pending
        self.passedPhases = passedPhases
    }
}

/// A plan of the playbook, its steps rendered as they would run.
public struct PlanText: Sendable, Equatable {
    /// "rollback", "pause", or "on_enter of expansion".
    public var name: String
    public var steps: [String]
    public var manualSteps: Int

    public init(name: String, steps: [String], manualSteps: Int) {
        self.name = name
        self.steps = steps
        self.manualSteps = manualSteps
    }
}

/// A rollback that was started: who, when, why, and whether it finished.
public struct RollbackRun: Sendable, Equatable {
    public var seq: Int64
    public var at: Date
    public var actor: String
    public var reason: String?
    public var phase: String
    public var finishedAt: Date?

    public init(seq: Int64, at: Date, actor: String, reason: String?, phase: String, finishedAt: Date?) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.reason = reason
        self.phase = phase
        self.finishedAt = finishedAt
    }
}
