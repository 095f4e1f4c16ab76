import Foundation
import Gates
import Playbook

/// Where a plan stands when the runner stops driving it.
public enum PlanStop: Sendable, Equatable {
    /// Every step finished.
    case finished
    /// A manual step waits for `migrate confirm`.
    case waitingForConfirmation(step: Int, text: String)
    /// A wait step lasts until `until` (on a simulated clock the runner does not sleep).
    case waitingUntil(step: Int, until: Date)
    /// A step failed; running the plan again retries it.
    case failed(step: Int, failure: String)
}

/// Plan progress, for a person watching.
public enum PlanProgress: Sendable {
    case stepStarted(plan: PlanKind, index: Int, of: Int, description: String)
    case stepRunning(plan: PlanKind, index: Int, elapsed: TimeInterval)
    case stepEnded(plan: PlanKind, index: Int, outcome: StepOutcome)
    case waiting(plan: PlanKind, index: Int, until: Date)
}

extension CohortRunner {
    /// Drives the cohort's plan until it finishes, waits or fails. Every step is journaled when it starts
    /// and when it ends; a step cut short by a crash is started again (webhooks carry an idempotency key).
    public func drivePlan(cohort name: String, retryFailed: Bool) async throws -> ([JournalEntry], PlanStop?) {
        var committed: [JournalEntry] = []
        var retry = retryFailed
        var startedHere: Set<Int> = []
        // Where the plan stood when the store last answered, and whether the step under way ran: for the message
        // when the store fails mid-plan.
        var standing: PlanRun?
        var stepRan = false
        do {
        while true {
            let now = invocation.now
            let snapshot = try store.snapshot(of: name)
            standing = snapshot.cohort.plan
            stepRan = false
            let machine = snapshot.machine
            let action = machine.nextPlanAction(now: now, retryFailed: retry)
            retry = false
            let plan = snapshot.cohort.plan
            switch action {
            case .idle:
                // A plan is dropped from the cohort's state once its last step finished: finished when this drive
                // recorded its end.
                return (committed, committed.contains { $0.kind == .stepFinished || $0.kind == .rolledBack } ? .finished : nil)
            case let .record(events):
                let appended = try store.append(events.map { entry($0, cohort: name, reason: nil, at: now) },
                                                if: .cohortVersion(name, snapshot.cohort.version))
                committed += appended
                for case let .stepStarted(p) in appended.map(\.event) { startedHere.insert(p.index) }
                report(appended, kind: plan?.kind)
                if appended.contains(where: { $0.kind == .rolledBack }) { return (committed, .finished) }
            case let .perform(index, step) where !startedHere.contains(index):
                // Left started by another process: claim it (exactly one process wins) before performing it again.
                committed += try store.append(machine.claimStep(index: index, step: step).map { entry($0, cohort: name, reason: nil, at: now) },
                                              if: .cohortVersion(name, snapshot.cohort.version))
                startedHere.insert(index)
            case let .perform(index, step):
                guard let performer, let event = machine.planEvent(at: now, simulated: invocation.simulated) else {
                    let outcome = StepOutcome(succeeded: false, summary: "no performer for \(step.action.keyword) steps is configured")
                    committed += try store.append([entry(machine.stepEnded(index: index, step: step, outcome: outcome), cohort: name, reason: nil, at: now)],
                                                  if: .none)
                    continue
                }
                // Elapsed time for a person watching: measured on the monotonic clock, not the engine's.
                let started = ContinuousClock.now
                let ticker = Task { [progress] in
                    while !Task.isCancelled {
                        try? await Task.sleep(nanoseconds: 2_000_000_000)
                        if Task.isCancelled { break }
                        let elapsed = ContinuousClock.now - started
                        progress(.stepRunning(plan: event.plan, index: index, elapsed: Double(elapsed.components.seconds)))
                    }
                }
                let outcome = await performer.perform(step.action, event: event, stepIndex: index)
                ticker.cancel()
                stepRan = true
                progress(.stepEnded(plan: event.plan, index: index, outcome: outcome))
                // Checked against the plan (this step must still be the one under way), not the cohort's version:
                // the step may have run for minutes while, say, an issue was filed.
                committed += try store.append([entry(machine.stepEnded(index: index, step: step, outcome: outcome), cohort: name, reason: nil, at: invocation.now)],
                                              if: .none)
                if outcome.succeeded { standing?.next = index + 1 }
                stepRan = false
            case let .wait(index, until):
                progress(.waiting(plan: plan?.kind ?? .pause, index: index, until: until))
                if invocation.simulated { return (committed, .waitingUntil(step: index, until: until)) }
                try await invocation.clock.sleep(until: until)
            case let .awaitConfirmation(index, text):
                return (committed, .waitingForConfirmation(step: index, text: text))
            case let .stopped(index, failure):
                return (committed, .failed(step: index, failure: failure))
            }
        }
        } catch let error as any KindedError where error.kind == .unavailable && !(error is PlanInterruptedError) {
            guard let plan = standing else { throw error }
            throw PlanInterruptedError(kind: error.kind, cohort: name, plan: plan.kind, step: plan.next, steps: plan.steps,
                                       stepRan: stepRan, failure: error.description)
        }
    }

    private func report(_ entries: [JournalEntry], kind: PlanKind?) {
        var kind = kind
        for e in entries {
            switch e.event {
            case let .stepStarted(p):
                kind = p.plan.kind
                progress(.stepStarted(plan: p.plan.kind, index: p.index, of: p.plan.steps, description: p.description))
            case let .stepFinished(p), let .stepFailed(p):
                if let kind { progress(.stepEnded(plan: kind, index: p.index, outcome: p.outcome)) }
            default: break
            }
        }
    }
}
