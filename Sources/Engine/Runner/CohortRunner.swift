import Foundation
import Gates
import Playbook

/// Performs the state machine's decisions: gathers evidence, asks the machine, appends what it decided
/// (checking the cohort did not move meanwhile), then drives the cohort's plan step by step.
public struct CohortRunner: Sendable {
    public let store: any JournalStore
    public let samples: (any SampleSource)?
    public let prometheus: (any PrometheusQuerying)?
    public let performer: (any StepPerformer)?
    public let invocation: Invocation
    /// Told about plan progress (a step starts, ends, waits), for a person watching.
    public let progress: @Sendable (PlanProgress) -> Void

    public init(store: any JournalStore, samples: (any SampleSource)? = nil, prometheus: (any PrometheusQuerying)? = nil,
                performer: (any StepPerformer)? = nil, invocation: Invocation,
                progress: @escaping @Sendable (PlanProgress) -> Void = { _ in }) {
        self.store = store
        self.samples = samples
        self.prometheus = prometheus
        self.performer = performer
        self.invocation = invocation
        self.progress = progress
    }

    /// What a command did.
    public struct Outcome: Sendable {
        public var decision: Decision
        /// Entries appended, the refusal's `blocked` entry included.
        public var committed: [JournalEntry]
        /// The gate report the decision was made on, when gates were evaluated.
        public var report: GateReport?
        /// Where the plan stands after this command, when one ran.
        public var plan: PlanStop?

        public var refusal: Refusal? {
            if case let .refuse(r, _) = decision { return r }
            return nil
        }
    }

    public enum Command: Sendable, Equatable {
        case advance, evaluate, pause, resume, rollback, restart
        case confirm(note: String?)
    }

    /// Runs `command` on `cohort`.
    public func run(_ command: Command, cohort name: String, reason: String?) async throws -> Outcome {
        let now = invocation.now
        var snapshot = try store.snapshot(of: name)
        var carried: [JournalEntry] = []
        // An unfinished `on_enter` plan is carried on (a failed step retried) before the cohort may move on.
        if command == .advance || command == .evaluate, let plan = snapshot.cohort.plan, plan.kind == .enter,
           snapshot.machine.planIsLive(plan) {
            let (entries, stop) = try await drivePlan(cohort: name, retryFailed: true)
            carried = entries
            if let stop, stop != .finished {
                return Outcome(decision: .refuse(.planUnfinished(plan: "on_enter", step: plan.next, of: plan.steps), record: nil),
                               committed: carried, report: nil, plan: stop)
            }
            snapshot = try store.snapshot(of: name)
        }
        let machine = snapshot.machine
        let actor = invocation.actor
        var report: GateReport?
        let decision: Decision
        switch command {
        case .advance, .evaluate:
            // Gates are evaluated only for an active cohort; any other status is refused before gathering evidence.
            if let refusal = machine.refuseUnlessActive(command == .advance ? "advance" : "evaluate") {
                decision = .refuse(refusal, record: nil)
            } else {
                let evaluated = try await gateReport(for: snapshot, now: now)
                report = evaluated
                decision = command == .advance ? machine.advance(evaluated, reason: reason ?? "", actor: actor)
                    : machine.evaluate(evaluated, actor: actor)
            }
        case .pause: decision = machine.pause(reason: reason ?? "", actor: actor)
        case .resume: decision = machine.resume()
        case .rollback: decision = machine.rollback(reason: reason ?? "", actor: actor)
        case .restart: decision = machine.restart(reason: reason ?? "", actor: actor)
        case let .confirm(note): decision = machine.confirm(note: note)
        }

        switch decision {
        case let .refuse(_, record):
            var committed: [JournalEntry] = []
            if let record {
                committed = try store.append([entry(record, cohort: name, reason: reason, at: now)], expecting: nil, of: nil)
            }
            return Outcome(decision: decision, committed: carried + committed, report: report)
        case let .accept(record, runPlan):
            var committed: [JournalEntry] = []
            if !record.isEmpty {
                committed = try store.append(record.map { entry($0, cohort: name, reason: reason, at: now) },
                                             expecting: snapshot.cohort.version, of: name)
            }
            var stop: PlanStop?
            if runPlan {
                let retry = command == .rollback || command == .pause
                let (more, s) = try await drivePlan(cohort: name, retryFailed: retry)
                committed += more
                stop = s
            }
            return Outcome(decision: decision, committed: carried + committed, report: report, plan: stop)
        }
    }

    func entry(_ event: JournalEvent, cohort: String?, reason: String?, at: Date) -> NewEntry {
        NewEntry(at: at, cohort: cohort, actor: invocation.actor, reason: reason, simulated: invocation.simulated, event: event)
    }
}
