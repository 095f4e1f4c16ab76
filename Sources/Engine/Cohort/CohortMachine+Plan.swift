import Foundation
import Playbook

/// The next thing to do for the cohort's plan, as the runner performs it.
public enum PlanAction: Sendable, Equatable {
    /// No plan is under way.
    case idle
    /// Append these entries; nothing outside is touched (start a step, a route step, the end of a plan).
    case record([JournalEvent])
    /// The step was journaled as started and reaches outside: perform it, then journal how it ended.
    case perform(index: Int, step: Step)
    /// A `wait` step: finished once `until` has come.
    case wait(index: Int, until: Date)
    /// A `manual` step waits for `migrate confirm`.
    case awaitConfirmation(index: Int, text: String)
    /// The step failed; the plan stops here until it is run again.
    case stopped(index: Int, failure: String)
}

extension CohortMachine {
    /// What the plan does next. `retryFailed`: the command that runs the plan again
    /// (`rollback` on a cohort rolling back, `pause` on a paused one) retries a failed step.
    public func nextPlanAction(now: Date, retryFailed: Bool) -> PlanAction {
        guard let plan = cohort.plan else { return .idle }
        let steps = steps(of: plan)
        if plan.isFinished || steps.isEmpty {
            return finish(plan)
        }
        let index = plan.next
        let step = steps[index]
        if let failure = plan.failure, !retryFailed {
            return .stopped(index: index, failure: failure)
        }
        guard plan.stepStarted else {
            return .record(start(plan, index: index, step: step))
        }
        switch step.action {
        case let .route(backend):
            return .record(route(plan, index: index, to: backend))
        case let .manual(text):
            return .awaitConfirmation(index: index, text: text)
        case let .wait(d):
            let until = (plan.stepStartedAt ?? now).addingTimeInterval(d.timeInterval)
            guard now >= until else { return .wait(index: index, until: until) }
            return .record([.stepFinished(.init(plan: plan.id, index: index, step: "wait",
                                                outcome: StepOutcome(succeeded: true, summary: "waited \(d)")))])
        case .webhook, .run:
            return .perform(index: index, step: step)
        }
    }

    /// The entry a step ends with, after `perform`.
    public func stepEnded(index: Int, step: Step, outcome: StepOutcome) -> JournalEvent {
        let ended = JournalEvent.StepEnded(plan: cohort.plan?.id ?? "", index: index, step: step.action.keyword, outcome: outcome)
        return outcome.succeeded ? .stepFinished(ended) : .stepFailed(ended)
    }

    /// The event a plan step is told about (templates, default webhook body).
    public func planEvent(at now: Date, simulated: Bool) -> PlanEvent? {
        guard let plan = cohort.plan else { return nil }
        return PlanEvent(plan: plan.kind, planRun: plan.id, cohort: cohort.name, playbook: playbook.name,
                         phase: plan.phase, fromPhase: plan.fromPhase, status: cohort.status.rawValue,
                         reason: plan.reason, actor: plan.actor, chargersRouted: plan.chargersRouted, at: now, simulated: simulated)
    }

    /// Starts step `index` again: a step left started (by a process that died, or one still running) is
    /// claimed with a fresh `step-started` entry, under the version check, before it is performed again.
    public func claimStep(index: Int, step: Step) -> [JournalEvent] {
        guard let plan = cohort.plan else { return [] }
        return start(plan, index: index, step: step)
    }

    private func start(_ plan: PlanRun, index: Int, step: Step) -> [JournalEvent] {
        [.stepStarted(.init(plan: plan, index: index, step: step.action.keyword, description: Self.describe(step)))]
    }

    /// A route step moves every charger of the cohort; its journal entries and the routes change in one commit.
    private func route(_ plan: PlanRun, index: Int, to backend: String) -> [JournalEvent] {
        let moving = chargers.map(\.id).filter { routes[$0] != backend }.sorted()
        var events: [JournalEvent] = []
        if !moving.isEmpty {
            events.append(.routeChanged(.init(backend: backend, url: playbook.backend(named: backend)?.url ?? "",
                                              chargers: moving, planRun: plan.id)))
        }
        events.append(.stepFinished(.init(plan: plan.id, index: index, step: "route",
                                          outcome: StepOutcome(succeeded: true, summary: "\(moving.count) chargers routed to \(backend)"))))
        return events
    }

    /// The end of a plan. A rollback ends with the cohort rolled back and, whatever its steps did,
    /// every charger of the cohort on `from`.
    private func finish(_ plan: PlanRun) -> PlanAction {
        guard plan.kind == .rollback else { return .idle }
        var events: [JournalEvent] = []
        let stray = chargers.map(\.id).filter { routes[$0] != playbook.from }.sorted()
        if !stray.isEmpty {
            events.append(.routeChanged(.init(backend: playbook.from, url: playbook.backend(named: playbook.from)?.url ?? "",
                                              chargers: stray, planRun: plan.id)))
        }
        events.append(.rolledBack(.init(phase: phase.name, plan: plan.id)))
        return .record(events)
    }

    /// One line for a step, as `history` and `status` show it.
    public static func describe(_ step: Step) -> String {
        switch step.action {
        case let .route(b): "route every charger to \(b)"
        case let .webhook(w): "\(w.method) \(w.url)"
        case let .run(r): "run \(r.command.joined(separator: " "))"
        case let .manual(text): "manual: \(text)"
        case let .wait(d): "wait \(d)"
        }
    }
}
