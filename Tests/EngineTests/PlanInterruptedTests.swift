import Engine
import Foundation
import Gates
import Playbook
import Testing

/// The store failing while a plan runs: the runner says where the plan stopped and that the same command carries it
/// on, with the store failure's kind (so every front end maps it as it maps that failure); run again, it does.
@Suite struct PlanInterruptedTests {
    /// The store's failure while unreachable: what the SQLite or PostgreSQL store throws, kind `unavailable`.
    struct Unreachable: KindedError {
        var kind: ErrorKind { .unavailable }
        var description: String { "the store is unreachable; nothing changed" }
    }

    /// Delegates to an in-memory store; while `down`, every call throws `Unreachable`.
    final class FlakyStore: JournalStore, @unchecked Sendable {
        let inner = InMemoryStore()
        private let lock = NSLock()
        private var isDown = false
        var down: Bool {
            get { lock.withLock { isDown } }
            set { lock.withLock { isDown = newValue } }
        }

        func up() throws { if down { throw Unreachable() } }
        func snapshot(of cohort: String) throws -> CohortSnapshot { try up(); return try inner.snapshot(of: cohort) }
        func issues() throws -> [IssueRecord] { try up(); return try inner.issues() }
        func approvals(of cohort: String) throws -> [ApprovalRecord] { try up(); return try inner.approvals(of: cohort) }
        func milestones() throws -> [String: CohortMilestone] { try up(); return try inner.milestones() }
        func chargerIDs(routedTo backend: String, includeUnrouted: Bool) throws -> [String] {
            try up(); return try inner.chargerIDs(routedTo: backend, includeUnrouted: includeUnrouted)
        }
        func chargerIDs(routedTo backend: String, includeUnrouted: Bool, by attribute: String) throws -> [String: [String]] {
            try up(); return try inner.chargerIDs(routedTo: backend, includeUnrouted: includeUnrouted, by: attribute)
        }
        func append(_ entries: [NewEntry], if condition: AppendCondition) throws -> [JournalEntry] {
            try up(); return try inner.append(entries, if: condition)
        }
    }

    /// Takes the store down while it performs a step (the database lost while a webhook runs), once.
    final class FaultingPerformer: StepPerformer, @unchecked Sendable {
        let store: FlakyStore
        private let lock = NSLock()
        private var faults = 1
        private(set) var performed = 0
        init(_ store: FlakyStore) { self.store = store }

        func perform(_ step: StepAction, event: PlanEvent, stepIndex: Int) async -> StepOutcome {
            lock.withLock {
                performed += 1
                if faults > 0 {
                    faults -= 1
                    store.down = true
                }
            }
            return StepOutcome(succeeded: true, summary: "HTTP 200")
        }

        func describe(_ step: StepAction, event: PlanEvent, stepIndex: Int) -> String { step.keyword }
    }

    @Test func theStoreLostWhileAStepRunsStopsThePlanThereAndTheSameCommandCarriesItOn() async throws {
        let store = FlakyStore()
        let performer = FaultingPerformer(store)
        let clock = TestClock(t0)
        func runner() -> CohortRunner {
            CohortRunner(store: store, performer: performer, invocation: Invocation(actor: "alice", simulated: true, clock: clock))
        }
        let chargers = fleet(6)
        _ = try store.append([NewEntry(at: t0, cohort: nil, actor: "a", reason: nil, simulated: true,
                                       event: .fleetImported(.init(file: "f", digest: "x", chargers: chargers, added: 6, updated: 0)))], if: .none)
        let events = CohortMachine.create(name: "north", playbook: try playbook(simplePlaybook), digest: "d1", content: simplePlaybook,
                                          selector: "--all", chargers: chargers, actor: "a", reason: "")
        _ = try store.append(events.map { NewEntry(at: t0, cohort: "north", actor: "a", reason: nil, simulated: true, event: $0) }, if: .none)

        // The rollback's route step finishes; its webhook (step 2 of 3) runs, and the store is gone when its end is recorded.
        do {
            _ = try await runner().run(.rollback, cohort: "north", reason: "test")
            Issue.record("the rollback finished although the store was down")
        } catch let error as PlanInterruptedError {
            #expect(error == PlanInterruptedError(kind: .unavailable, cohort: "north", plan: .rollback, step: 1, steps: 3, stepRan: true,
                                                  failure: "the store is unreachable; nothing changed"))
            #expect(error.description == """
                the store is unreachable; nothing changed
                the rollback plan of cohort north stopped at step 2 of 3 (the step ran, but its end could not be recorded, so it runs \
                again); running the same command again carries the plan on from step 2
                """)
        }
        #expect(performer.performed == 1)
        #expect(store.inner.journal.filter { $0.kind == .stepFinished }.count == 1) // the route step's

        // Back up: the same command claims the step anew, performs it again and goes on to the manual step.
        store.down = false
        let outcome = try await runner().run(.rollback, cohort: "north", reason: "again")
        #expect(outcome.plan == .waitingForConfirmation(step: 2, text: "Check the support console."))
        #expect(performer.performed == 2)
        #expect(store.inner.journal.filter { $0.kind == .stepFinished }.count == 2)
    }

    @Test func aStoreFailureBeforeAnyPlanIsUnderWayIsPassedOnAsItIs() async throws {
        let store = FlakyStore()
        store.down = true
        let runner = CohortRunner(store: store, performer: FaultingPerformer(store),
                                  invocation: Invocation(actor: "alice", simulated: true, clock: TestClock(t0)))
        await #expect(throws: Unreachable.self) { _ = try await runner.drivePlan(cohort: "north", retryFailed: false) }
    }
}
