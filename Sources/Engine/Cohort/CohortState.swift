/// Where a cohort stands: its status together with the plan that belongs to it, as one value that cannot
/// hold an illegal combination (a rollback without its plan, a stale pause plan on an active cohort).
///
/// A plan is kept only while it is under way: an `on_enter` plan until its last step finished, a pause plan
/// likewise; a rollback plan for as long as the cohort rolls back (its end is the `rolled-back` entry).
public enum CohortState: Sendable, Equatable {
    /// Active; with the current phase's `on_enter` plan while it has steps left.
    case active(entering: PlanRun?)
    /// Paused; with the pause plan while it has steps left.
    case paused(plan: PlanRun?)
    /// Rolling back, with the rollback plan (all its steps may be done: its end is journaled next).
    case rollingBack(plan: PlanRun)
    case rolledBack
    case completed

    /// The state for a status and a plan as stored (a status column and the last plan run): the plan is kept
    /// only where it belongs. A rolling-back cohort without its plan is unreadable: nil.
    public init?(status: CohortStatus, plan: PlanRun?) {
        switch status {
        case .active: self = .active(entering: plan.flatMap { $0.kind == .enter && !$0.isFinished ? $0 : nil })
        case .paused: self = .paused(plan: plan.flatMap { $0.kind == .pause && !$0.isFinished ? $0 : nil })
        case .rollingBack:
            guard let plan, plan.kind == .rollback else { return nil }
            self = .rollingBack(plan: plan)
        case .rolledBack: self = .rolledBack
        case .completed: self = .completed
        }
    }

    public var status: CohortStatus {
        switch self {
        case .active: .active
        case .paused: .paused
        case .rollingBack: .rollingBack
        case .rolledBack: .rolledBack
        case .completed: .completed
        }
    }

    /// The plan under way, if any.
    public var plan: PlanRun? {
        switch self {
        case let .active(plan), let .paused(plan): plan
        case let .rollingBack(plan): plan
        case .rolledBack, .completed: nil
        }
    }

    /// The same status with `plan` as its plan (normalized as `init(status:plan:)` does).
    func with(plan: PlanRun?) -> CohortState? {
        CohortState(status: status, plan: plan)
    }
}
