import Foundation

extension Cohort {
    /// The cohort a `created` entry starts.
    public static func created(_ entry: JournalEntry, _ payload: JournalEvent.Created) throws -> Cohort {
        guard let name = entry.cohort else { throw ProjectionError(seq: entry.seq, message: "created entry without a cohort") }
        return Cohort(name: name, playbookName: payload.playbook, playbookDigest: payload.digest, phaseIndex: 0,
                      state: .active(entering: payload.plan), enteredAt: entry.at, createdAt: entry.at, version: entry.seq)
    }

    /// Applies a journal entry about this cohort: the one rule for how entries change a cohort, shared by the
    /// in-memory replay (`FleetState`) and the stores' projections. Entries that move the cohort set its version;
    /// approvals, refusals, issues and imports leave it. Throws `ProjectionError` when the entry does not fit
    /// (a step ends that is not the one under way; a plan step of a plan that does not belong to the status).
    public mutating func apply(_ entry: JournalEntry) throws {
        func set(_ status: CohortStatus, _ plan: PlanRun?) throws {
            guard let next = CohortState(status: status, plan: plan) else {
                throw ProjectionError(seq: entry.seq, message: "cohort \(name) would be \(status.rawValue) without its plan")
            }
            state = next
        }
        switch entry.event {
        case .created, .blocked, .approved, .issueOpened, .issueUpdated, .issueClosed, .metricsImported, .fleetImported,
             .tokenCreated, .tokenRevoked, .accessDenied:
            return
        case let .routeChanged(p):
            if let run = p.planRun, var plan = state.plan, plan.id == run {
                plan.chargersRouted += p.chargers
                try set(status, plan)
            }
        case let .advanced(p):
            phaseIndex = p.toIndex
            enteredAt = entry.at
            try set(.active, p.plan)
        case .completed:
            state = .completed
        case let .paused(p):
            try set(.paused, p.plan)
        case .resumed:
            state = .active(entering: nil)
        case let .rollbackStarted(p):
            try set(.rollingBack, p.plan)
        case .rolledBack:
            state = .rolledBack
        case let .restarted(p):
            phaseIndex = 0
            enteredAt = entry.at
            try set(.active, p.plan)
        case let .stepStarted(p):
            guard p.plan.kind.belongs(to: status) else {
                throw ProjectionError(seq: entry.seq, message: "a step of the \(p.plan.kind.rawValue) plan \(p.plan.id) started while cohort \(name) is \(status.rawValue)")
            }
            var run = p.plan
            run.next = p.index
            run.stepStarted = true
            run.stepStartedAt = entry.at
            run.failure = nil
            try set(status, run)
        case let .stepFinished(p), let .stepFailed(p):
            guard var run = state.plan, run.id == p.plan, run.next == p.index, run.stepStarted else {
                throw ProjectionError(seq: entry.seq, message: "step \(p.index + 1) of plan \(p.plan) ended, but it is not the step under way (another process ended it, or the plan was left)")
            }
            run.stepStarted = false
            run.stepStartedAt = nil
            if case .stepFinished = entry.event {
                run.next = p.index + 1
                run.failure = nil
            } else {
                run.failure = p.outcome.summary
            }
            try set(status, run)
        case .confirmed, .segmentQuarantined, .segmentReleased, .preflightHeld:
            // They change who is in scope (and the routes beside them): the cohort's version moves.
            break
        case let .playbookChanged(p):
            playbookDigest = p.digest
            playbookName = p.playbook
            phaseIndex = p.phaseIndex
        }
        version = entry.seq
    }
}

extension PlanKind {
    /// The status a plan of this kind runs in.
    func belongs(to status: CohortStatus) -> Bool {
        switch self {
        case .enter: status == .active
        case .pause: status == .paused
        case .rollback: status == .rollingBack
        }
    }
}
