import Foundation
import Playbook

/// Where a cohort is in its playbook.
public enum CohortStatus: String, Sendable, Equatable, Codable, CaseIterable {
    case active, paused
    case rollingBack = "rolling-back"
    case rolledBack = "rolled-back"
    case completed
}

/// A cohort as the journal leaves it: its playbook, phase, status and the plan it is running.
public struct Cohort: Sendable, Equatable {
    public var name: String
    public var playbookName: String
    /// SHA-256 of the playbook text the cohort runs; the text is kept in the store.
    public var playbookDigest: String
    public var phaseIndex: Int
    public var status: CohortStatus
    /// When the cohort entered its current phase.
    public var enteredAt: Date
    public var createdAt: Date
    /// The journal entry that last changed the cohort; a commit checks it is still the one read.
    public var version: Int64
    /// The plan being run, or the last one run (its `next` then equals its step count).
    public var plan: PlanRun?

    public init(name: String, playbookName: String, playbookDigest: String, phaseIndex: Int, status: CohortStatus,
                enteredAt: Date, createdAt: Date, version: Int64, plan: PlanRun? = nil) {
        self.name = name
        self.playbookName = playbookName
        self.playbookDigest = playbookDigest
        self.phaseIndex = phaseIndex
        self.status = status
        self.enteredAt = enteredAt
        self.createdAt = createdAt
        self.version = version
        self.plan = plan
    }
}

/// A run of a plan: which steps are done, which one is under way, and whether it stopped.
public struct PlanRun: Sendable, Equatable, Codable {
    /// `COHORT/PLAN/SEQ`: unique, and the prefix of every step's idempotency key.
    public var id: String
    public var kind: PlanKind
    /// The phase the plan belongs to (for `enter`, the phase entered).
    public var phase: String
    public var fromPhase: String
    public var reason: String
    public var actor: String
    public var steps: Int
    /// Index of the next step to finish.
    public var next: Int
    /// Step `next` was journaled as started and has not ended (running, waiting, or cut short by a crash).
    public var stepStarted: Bool
    public var stepStartedAt: Date?
    /// Why step `next` failed; running the plan again retries it.
    public var failure: String?
    /// Chargers routed by this run so far.
    public var chargersRouted: [String]

    public init(id: String, kind: PlanKind, phase: String, fromPhase: String, reason: String, actor: String, steps: Int,
                next: Int = 0, stepStarted: Bool = false, stepStartedAt: Date? = nil, failure: String? = nil,
                chargersRouted: [String] = []) {
        self.id = id
        self.kind = kind
        self.phase = phase
        self.fromPhase = fromPhase
        self.reason = reason
        self.actor = actor
        self.steps = steps
        self.next = next
        self.stepStarted = stepStarted
        self.stepStartedAt = stepStartedAt
        self.failure = failure
        self.chargersRouted = chargersRouted
    }

    public var isFinished: Bool { next >= steps }

    enum CodingKeys: String, CodingKey {
        case id, kind, phase, reason, actor, steps, next, failure
        case fromPhase = "from_phase", stepStarted = "step_started", stepStartedAt = "step_started_at"
        case chargersRouted = "chargers_routed"
    }
}
