import Engine
import Playbook
import Foundation
import Gates

/// What a state-machine command did, and the cohort as it is afterwards.
public struct TransitionResult: Sendable {
    public var outcome: CohortRunner.Outcome
    /// The cohort after the command.
    public var after: CohortSnapshot

    /// The refusal as an error a front end throws or renders (exit 3, HTTP 409), with its evidence and the
    /// `blocked` entry that records it; nil when the command was done.
    public var refusal: RefusalError? {
        guard let r = outcome.refusal else { return nil }
        return RefusalError(r, report: outcome.report, entry: outcome.committed.last { $0.kind == .blocked }?.seq)
    }

    /// A plan step that failed during the command: the command did its transition, but the plan stopped there.
    public var planFailure: MigrateError? {
        guard case let .failed(step, failure) = outcome.plan else { return nil }
        return MigrateError(.unavailable, "cohort \(after.cohort.name): plan step \(step + 1) failed: \(failure); fix the cause and run the same command again to retry it",
                            subject: .cohort(after.cohort.name, known: []))
    }
}

extension MigrationService {
    /// Leaves the phase for the next when every gate passes; refused (with a `blocked` entry and the evidence)
    /// otherwise, and refused unless the cohort is in `expectPhase` when that is given.
    public func advance(_ cohort: String, reason: String?, expectPhase: String? = nil, as invocation: Invocation) async throws -> TransitionResult {
        try await transition(.advance(expectPhase: expectPhase), cohort: cohort, reason: reason, invocation)
    }

    /// Pauses the cohort and runs the pause plan (carries an unfinished one on).
    public func pause(_ cohort: String, reason: String, as invocation: Invocation) async throws -> TransitionResult {
        try await transition(.pause, cohort: cohort, reason: reason, invocation)
    }

    public func resume(_ cohort: String, reason: String?, as invocation: Invocation) async throws -> TransitionResult {
        try await transition(.resume, cohort: cohort, reason: reason, invocation)
    }

    /// Runs the rollback plan; on a cohort rolling back, carries it on from where it stopped.
    public func rollback(_ cohort: String, reason: String, as invocation: Invocation) async throws -> TransitionResult {
        try await transition(.rollback, cohort: cohort, reason: reason, invocation)
    }

    /// A rolled-back cohort starts again at the first phase.
    public func restart(_ cohort: String, reason: String, as invocation: Invocation) async throws -> TransitionResult {
        try await transition(.restart, cohort: cohort, reason: reason, invocation)
    }

    /// Confirms the manual step the cohort's plan waits on, and carries the plan on.
    public func confirm(_ cohort: String, note: String?, as invocation: Invocation) async throws -> TransitionResult {
        try await transition(.confirm(note: note), cohort: cohort, reason: note, invocation)
    }

    /// One pass of automation over one cohort: a failed gate triggers `on_fail`, `promote: auto` advances.
    public func evaluate(_ cohort: String, as invocation: Invocation) async throws -> TransitionResult {
        try await transition(.evaluate, cohort: cohort, reason: nil, invocation)
    }

    func transition(_ command: CohortRunner.Command, cohort: String, reason: String?, _ invocation: Invocation) async throws -> TransitionResult {
        let outcome = try await runner(invocation).run(command, cohort: cohort, reason: reason)
        return TransitionResult(outcome: outcome, after: try store.snapshot(of: cohort))
    }
}
