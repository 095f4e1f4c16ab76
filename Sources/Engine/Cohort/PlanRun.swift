import Foundation
import Playbook

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
