import Foundation
import Gates
import Playbook

/// Makes a Prometheus client for a server's URL; throws (a message a person reads) for a URL it cannot use.
public typealias PrometheusConnector = @Sendable (_ url: String) throws -> any PrometheusQuerying

/// Performs the state machine's decisions: gathers evidence, asks the machine, appends what it decided
/// (checking the cohort did not move meanwhile), then drives the cohort's plan step by step.
public struct CohortRunner: Sendable {
    public let store: any JournalStore
    public let samples: (any SampleSource)?
    /// Connects to the Prometheus server a playbook names (`prometheus: {url}`), for `prometheus:` metrics.
    public let prometheus: PrometheusConnector?
    public let performer: (any StepPerformer)?
    public let invocation: Invocation
    /// Told about plan progress (a step starts, ends, waits), for a person watching.
    public let progress: @Sendable (PlanProgress) -> Void

    public init(store: any JournalStore, samples: (any SampleSource)? = nil, prometheus: PrometheusConnector? = nil,
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
        /// `expectPhase`: refused unless the cohort is in that phase (`advance --expect-phase`).
        case advance(expectPhase: String? = nil)
        case evaluate, pause, resume, rollback, restart
        case confirm(note: String?)

        public static let advance = Command.advance(expectPhase: nil)

        /// Advance and evaluate judge the gates, and first carry an unfinished `on_enter` plan on.
        var judgesGates: Bool {
            switch self {
            case .advance, .evaluate: true
            default: false
            }
        }
    }

    /// Runs `command` on `cohort`.
    public func run(_ command: Command, cohort name: String, reason: String?) async throws -> Outcome {
        let now = invocation.now
        var snapshot = try store.snapshot(of: name)
        var carried: [JournalEntry] = []
        // An unfinished `on_enter` plan is carried on (a failed step retried) before the cohort may move on.
        if command.judgesGates, case let .active(entering?) = snapshot.cohort.state {
            let plan = entering
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
            let advancing = command != .evaluate
            var expected: String?
            if case let .advance(phase) = command { expected = phase }
            // Gates are evaluated only for an active cohort in the expected phase; anything else is refused before
            // gathering evidence.
            if let refusal = machine.refuseUnlessActive(advancing ? "advance" : "evaluate") ?? machine.refuseUnlessIn(phase: expected) {
                decision = .refuse(refusal, record: nil)
            } else {
                let evaluated = try await gateReport(for: snapshot, now: now)
                report = evaluated
                decision = advancing ? machine.advance(evaluated, reason: reason ?? "", actor: actor)
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
                committed = try store.append([entry(record, cohort: name, reason: reason, at: now)], if: .none)
            }
            return Outcome(decision: decision, committed: carried + committed, report: report)
        case let .accept(record, runPlan):
            var committed: [JournalEntry] = []
            if !record.isEmpty {
                committed = try store.append(record.map { entry($0, cohort: name, reason: reason, at: now) },
                                             if: .cohortVersion(name, snapshot.cohort.version))
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
