import Playbook

/// Where the cohort's plan stands, for people and scripts (`migrate status`).
public struct PlanState: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        case ready, running, failed
        case waitingForConfirmation = "waiting-for-confirmation"
    }

    public var run: PlanRun
    public var state: State
    /// The step under way or next, described; nil once every step ran.
    public var step: String?
}

extension CohortMachine {
    /// The plan under way, if any: only a plan that belongs to the cohort's status (a pause plan while paused,
    /// a rollback while rolling back, `on_enter` in its phase) is under way.
    public var planState: PlanState? {
        guard let run = cohort.plan else { return nil }
        let steps = steps(of: run)
        let current = run.next < steps.count ? steps[run.next] : nil
        let state: PlanState.State
        if run.failure != nil {
            state = .failed
        } else if run.stepStarted, case .manual(_)? = current?.action {
            state = .waitingForConfirmation
        } else {
            state = run.stepStarted ? .running : .ready
        }
        return PlanState(run: run, state: state, step: current.map(Self.describe))
    }
}
