import Engine
import Foundation
import Gates
import Playbook
import Testing

/// The runner over an in-memory journal: scripted scenarios end to end, without SQLite.
@Suite struct RunnerTests {
    let store = InMemoryStore()
    let performer = ScriptedPerformer()
    let clock = TestClock(t0)

    func runner(_ actor: String = "alice") -> CohortRunner {
        let clock = self.clock
        return CohortRunner(store: store, performer: performer, invocation: Invocation(actor: actor, simulated: true, clock: clock))
    }

    func setUp() throws {
        let book = try playbook(simplePlaybook)
        let chargers = fleet(12)
        _ = try store.append([NewEntry(at: t0, cohort: nil, actor: "a", reason: nil, simulated: true,
                                       event: .fleetImported(.init(file: "f", digest: "x", chargers: chargers, added: 12, updated: 0)))],
                             if: .none)
        let events = CohortMachine.create(name: "north", playbook: book, digest: "d1", content: simplePlaybook, selector: "--all",
                                          chargers: chargers, actor: "a", reason: "")
        _ = try store.append(events.map { NewEntry(at: t0, cohort: "north", actor: "a", reason: nil, simulated: true, event: $0) }, if: .none)
    }

    @Test func walkThroughEveryPhase() async throws {
        try setUp()
        // Soak not over: pending, blocked entry.
        var outcome = try await runner().run(.advance, cohort: "north", reason: "too early")
        #expect(outcome.refusal == .gatesNotPassed(.pending))
        #expect(store.journal.last?.kind == .blocked)
        clock.advance(days: 2)
        outcome = try await runner().run(.advance, cohort: "north", reason: "soaked")
        #expect(outcome.refusal == nil)
        #expect(try store.snapshot(of: "north").machine.phase.name == "wave")
        #expect(performer.calls.count == 1) // on_enter webhook
        // Approvals: one person cannot be both roles.
        for role in ["operations", "finance"] {
            _ = try store.append([NewEntry(at: clock.now(), cohort: "north", actor: "alice", reason: nil, simulated: true,
                                           event: .approved(.init(phase: "wave", role: role, note: nil)))],
                                 if: .none)
        }
        outcome = try await runner().run(.advance, cohort: "north", reason: nil)
        #expect(outcome.refusal == .gatesNotPassed(.pending))
        _ = try store.append([NewEntry(at: clock.now(), cohort: "north", actor: "bob", reason: nil, simulated: true,
                                       event: .approved(.init(phase: "wave", role: "finance", note: nil)))], if: .none)
        outcome = try await runner().run(.advance, cohort: "north", reason: nil)
        #expect(outcome.refusal == nil)
        let snap = try store.snapshot(of: "north")
        #expect(snap.machine.phase.name == "fleet")
        #expect(snap.routes.values.allSatisfy { $0 == "target" })
        #expect(store.state.approvals["north"] == nil) // approvals end when the phase is left
        outcome = try await runner().run(.evaluate, cohort: "north", reason: nil)
        #expect(try store.snapshot(of: "north").cohort.status == .completed)
    }

    @Test func rollbackRunsThePlanStopsOnFailureAndCarriesOn() async throws {
        try setUp()
        performer.failNext = 1
        var outcome = try await runner().run(.rollback, cohort: "north", reason: "test")
        #expect(outcome.plan == .failed(step: 1, failure: "HTTP 500"))
        var snap = try store.snapshot(of: "north")
        #expect(snap.cohort.status == .rollingBack)
        #expect(snap.routes.values.allSatisfy { $0 == "legacy" }) // the route step finished before the webhook failed
        outcome = try await runner().run(.rollback, cohort: "north", reason: "again")
        #expect(outcome.plan == .waitingForConfirmation(step: 2, text: "Check the support console."))
        // The webhook was retried with the same idempotency key.
        #expect(performer.calls.count == 2)
        #expect(performer.calls[0].1 == performer.calls[1].1)
        outcome = try await runner("bob").run(.confirm(note: "all back"), cohort: "north", reason: nil)
        #expect(outcome.plan == .finished)
        snap = try store.snapshot(of: "north")
        #expect(snap.cohort.status == .rolledBack)
        #expect(store.journal.filter { $0.kind == .stepFinished }.count == 3)
        // Restart puts it back at the first phase.
        outcome = try await runner().run(.restart, cohort: "north", reason: "fixed")
        #expect(try store.snapshot(of: "north").cohort.status == .active)
        #expect(try store.snapshot(of: "north").cohort.phaseIndex == 0)
    }

    @Test func aCommittedStepIsNotRepeatedAfterACrash() async throws {
        try setUp()
        // Simulate a crash after the rollback started and its first step finished: run the plan again.
        _ = try await runner().run(.rollback, cohort: "north", reason: "x")
        let finishedBefore = store.journal.filter { $0.kind == .stepFinished }.map { ($0.event) }
        let (more, stop) = try await runner().drivePlan(cohort: "north", retryFailed: false)
        #expect(stop == .waitingForConfirmation(step: 2, text: "Check the support console."))
        #expect(more.isEmpty)
        #expect(store.journal.filter { $0.kind == .stepFinished }.map(\.event) == finishedBefore)
    }

    @Test func aConcurrentChangeIsRefusedWithWhoMovedIt() throws {
        try setUp()
        let version = try store.snapshot(of: "north").cohort.version
        _ = try store.append([NewEntry(at: t0, cohort: "north", actor: "bob", reason: nil, simulated: true, event: .paused(.init(phase: "pilot",
            plan: PlanRun(id: "p", kind: .pause, phase: "pilot", fromPhase: "pilot", reason: "", actor: "bob", steps: 0))))], if: .cohortVersion("north", version))
        #expect(throws: CohortMovedError.self) {
            try store.append([NewEntry(at: t0, cohort: "north", actor: "alice", reason: nil, simulated: true, event: .resumed(.init(phase: "pilot")))],
                             if: .cohortVersion("north", version))
        }
    }
}

@Suite struct PlanClaimTests {
    /// A process died after journaling the start of a webhook step: the next run claims the step with a fresh
    /// `step-started` (so only one process performs it again), performs it once, and carries on.
    @Test func aStepLeftStartedIsClaimedThenPerformedOnce() async throws {
        let t = RunnerTests()
        try t.setUp()
        let machine = try t.store.snapshot(of: "north").machine
        guard case let .accept(started, _) = machine.rollback(reason: "x", actor: "a") else { Issue.record("rollback refused"); return }
        func append(_ events: [JournalEvent]) throws {
            let v = try t.store.snapshot(of: "north").cohort.version
            _ = try t.store.append(events.map { NewEntry(at: t0, cohort: "north", actor: "a", reason: nil, simulated: true, event: $0) }, if: .cohortVersion("north", v))
        }
        try append(started)
        // Step 1 (route): start and finish. Step 2 (webhook): start only, then the process "dies".
        for _ in 0..<3 {
            guard case let .record(events) = try t.store.snapshot(of: "north").machine.nextPlanAction(now: t0, retryFailed: false) else { break }
            try append(events)
        }
        let plan = try #require(try t.store.snapshot(of: "north").cohort.plan)
        #expect(plan.next == 1 && plan.stepStarted)
        let startsBefore = t.store.journal.filter { $0.kind == .stepStarted }.count

        let (_, stop) = try await t.runner().drivePlan(cohort: "north", retryFailed: false)
        #expect(stop == .waitingForConfirmation(step: 2, text: "Check the support console."))
        #expect(t.performer.calls.count == 1)
        // The claim of step 2, its end, and the start of step 3 (manual).
        #expect(t.store.journal.suffix(3).map(\.kind) == [.stepStarted, .stepFinished, .stepStarted])
        // One claim for step 2, one start for step 3.
        #expect(t.store.journal.filter { $0.kind == .stepStarted }.count == startsBefore + 2)
    }
}
