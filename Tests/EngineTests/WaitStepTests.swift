import Engine
import Foundation
import Gates
import Playbook
import Testing

/// A `wait` step on the injected clock: the runner asks the clock to wait, and a test clock makes it instant.
@Suite struct WaitStepTests {
    static let waiting = simplePlaybook.replacingOccurrences(of: """
          rollback:
            - route: legacy
        """, with: """
          rollback:
            - route: legacy
            - wait: 3h
        """)

    @Test func aWaitStepWaitsOnTheClockItIsGiven() async throws {
        let store = InMemoryStore()
        let clock = TestClock(t0)
        let book = try playbook(Self.waiting)
        let chargers = fleet(6)
        _ = try store.append([NewEntry(at: t0, cohort: nil, actor: "a", reason: nil, simulated: false,
                                       event: .fleetImported(.init(file: "f", digest: "x", chargers: chargers, added: 6, updated: 0)))], if: .none)
        _ = try store.append(CohortMachine.create(name: "north", playbook: book, digest: "d", content: Self.waiting, selector: "--all",
                                                  chargers: chargers, actor: "a", reason: "").map {
            NewEntry(at: t0, cohort: "north", actor: "a", reason: nil, simulated: false, event: $0)
        }, if: .none)
        // Not simulated: the runner really waits, on the clock it was given.
        let runner = CohortRunner(store: store, performer: ScriptedPerformer(), invocation: Invocation(actor: "ops", simulated: false, clock: clock))
        let outcome = try await runner.run(.rollback, cohort: "north", reason: "test")
        #expect(clock.slept == [t0.addingTimeInterval(3 * 3_600)])
        let waited = store.journal.first { if case let .stepFinished(p) = $0.event { p.step == "wait" } else { false } }
        #expect(waited?.at == t0.addingTimeInterval(3 * 3_600))
        // The plan carried on past the wait to the webhook and stopped at the manual step.
        #expect(outcome.plan == .waitingForConfirmation(step: 3, text: "Check the support console."))
    }

    @Test func aSimulatedClockDoesNotWaitButSaysUntilWhen() async throws {
        let store = InMemoryStore()
        let clock = TestClock(t0)
        let book = try playbook(Self.waiting)
        let chargers = fleet(6)
        _ = try store.append([NewEntry(at: t0, cohort: nil, actor: "a", reason: nil, simulated: true,
                                       event: .fleetImported(.init(file: "f", digest: "x", chargers: chargers, added: 6, updated: 0)))], if: .none)
        _ = try store.append(CohortMachine.create(name: "north", playbook: book, digest: "d", content: Self.waiting, selector: "--all",
                                                  chargers: chargers, actor: "a", reason: "").map {
            NewEntry(at: t0, cohort: "north", actor: "a", reason: nil, simulated: true, event: $0)
        }, if: .none)
        let runner = CohortRunner(store: store, performer: ScriptedPerformer(), invocation: Invocation(actor: "ops", simulated: true, clock: clock))
        let outcome = try await runner.run(.rollback, cohort: "north", reason: "test")
        #expect(outcome.plan == .waitingUntil(step: 1, until: t0.addingTimeInterval(3 * 3_600)))
        #expect(clock.slept.isEmpty)
    }

    @Test func theSystemClockSleepsInBoundedSlicesWhateverTheDuration() async throws {
        // A wait until the far future must neither trap nor overflow: cancelled at once, it throws cancellation.
        let task = Task { try await SystemClock().sleep(until: Date.distantFuture) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}

/// A cohort's status and its plan are one value: the plan is kept only where it belongs.
@Suite struct CohortStateTests {
    let enter = PlanRun(id: "n/enter/1", kind: .enter, phase: "wave", fromPhase: "pilot", reason: "", actor: "a", steps: 2)
    let pause = PlanRun(id: "n/pause/1", kind: .pause, phase: "wave", fromPhase: "wave", reason: "", actor: "a", steps: 1)
    let rollback = PlanRun(id: "n/rollback/1", kind: .rollback, phase: "wave", fromPhase: "wave", reason: "", actor: "a", steps: 1)

    @Test func aRollbackNeedsItsPlan() {
        #expect(CohortState(status: .rollingBack, plan: nil) == nil)
        #expect(CohortState(status: .rollingBack, plan: pause) == nil)
        #expect(CohortState(status: .rollingBack, plan: rollback) == .rollingBack(plan: rollback))
    }

    @Test func aPlanOfAnotherStatusOrFinishedIsNotKept() {
        var done = enter
        done.next = 2
        #expect(CohortState(status: .active, plan: pause) == .active(entering: nil))
        #expect(CohortState(status: .active, plan: done) == .active(entering: nil))
        #expect(CohortState(status: .active, plan: enter) == .active(entering: enter))
        #expect(CohortState(status: .paused, plan: enter) == .paused(plan: nil))
        #expect(CohortState(status: .completed, plan: enter) == .completed)
        #expect(CohortState(status: .rolledBack, plan: rollback)?.plan == nil)
    }
}

/// `history`'s WHAT column says something for every kind of entry.
@Suite struct JournalSummaryTests {
    @Test(arguments: EntryKind.allCases)
    func everyKindSaysWhatHappened(kind: EntryKind) throws {
        let event = try #require(Self.events.first { $0.kind == kind }, "no example event of kind \(kind.rawValue)")
        #expect(!event.summary.trimmingCharacters(in: .whitespaces).isEmpty)
    }

    static let report = GateReport(cohort: "n", phase: "pilot", evaluatedAt: t0, gates: [])
    static let run = PlanRun(id: "n/rollback/3", kind: .rollback, phase: "pilot", fromPhase: "pilot", reason: "r", actor: "a", steps: 1)
    static let issue = IssueRecord(id: "ISS-1", title: "t", severity: .high, openedAt: t0, openedBy: "a")
    static let events: [JournalEvent] = [
        .fleetImported(.init(file: "f", digest: "d", chargers: [], added: 1, updated: 0)),
        .created(.init(playbook: "p", digest: "d", content: "", selector: "--all", chargers: ["a"], phase: "pilot")),
        .routeChanged(.init(backend: "legacy", url: "u", chargers: ["a"])),
        .advanced(.init(from: "pilot", to: "wave", toIndex: 1, evidence: report)),
        .completed(.init(from: "fleet", evidence: report)),
        .blocked(.init(phase: "pilot", command: "advance", message: "gates failed", evidence: report)),
        .paused(.init(phase: "pilot", plan: run)),
        .resumed(.init(phase: "pilot")),
        .rollbackStarted(.init(phase: "pilot", plan: run)),
        .rolledBack(.init(phase: "pilot", plan: run.id)),
        .restarted(.init(from: "wave", phase: "pilot")),
        .approved(.init(phase: "pilot", role: "finance", note: nil)),
        .stepStarted(.init(plan: run, index: 0, step: "route", description: "route every charger to legacy")),
        .stepFinished(.init(plan: run.id, index: 0, step: "route", outcome: StepOutcome(succeeded: true, summary: "ok"))),
        .stepFailed(.init(plan: run.id, index: 0, step: "webhook", outcome: StepOutcome(succeeded: false, summary: "HTTP 500"))),
        .confirmed(.init(plan: run.id, index: 0, text: "check", note: nil)),
        .issueOpened(issue), .issueUpdated(issue), .issueClosed(.init(id: "ISS-1", note: nil)),
        .metricsImported(.init(file: "m.csv", digest: "d", samples: 3, duplicates: 0, start: nil, end: nil, unknownChargers: [])),
        .playbookChanged(.init(playbook: "p", fromDigest: "a", digest: "b", content: "", phaseIndex: 0)),
        .segmentQuarantined(.init(phase: "pilot", segments: [.init(attribute: "model", value: "A", gate: "m", detail: "m 0.5 < 0.9", chargers: ["a"])],
                                  evidence: report)),
        .segmentReleased(.init(phase: "pilot", attribute: "model", value: "A", chargers: ["a"])),
        .preflightHeld(.init(phase: "pilot", window: nil, chargers: [ChargerHealth(charger: "a", healthy: false, reasons: ["not seen within 1d"])])),
        .tokenCreated(.init(id: "tok-1", person: "alice", role: .operator, approves: [], expiresAt: nil, hash: "h")),
        .tokenRevoked(.init(id: "tok-1", person: "alice")),
        .accessDenied(.init(request: "POST /api/cohorts/n/advance", role: .viewer, required: "the operator or admin role", token: "tok-1")),
    ]
}
