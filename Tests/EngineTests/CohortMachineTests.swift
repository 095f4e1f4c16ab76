import Engine
import Foundation
import Gates
import Playbook
import Testing

/// The pure state machine, one command at a time: event in, decision out.
@Suite struct CohortMachineTests {
    let book: Playbook
    let chargers = fleet(12)

    init() throws { book = try playbook(simplePlaybook) }

    /// The plan of a cohort rolling back, when a test does not give one.
    static let rollback = PlanRun(id: "north/rollback/7", kind: .rollback, phase: "pilot", fromPhase: "pilot", reason: "", actor: "a", steps: 3)

    func machine(status: CohortStatus = .active, phase: Int = 0, plan: PlanRun? = nil, routes: [String: String]? = nil) -> CohortMachine {
        let cohort = Cohort(name: "north", playbookName: "simple", playbookDigest: "d", phaseIndex: phase,
                            state: CohortState(status: status, plan: plan ?? (status == .rollingBack ? Self.rollback : nil))!,
                            enteredAt: t0, createdAt: t0, version: 7)
        let r = routes ?? Dictionary(uniqueKeysWithValues: chargers.map { ($0.id, $0.attributes["site"] == "s1" ? "target" : "legacy") })
        return CohortMachine(cohort: cohort, playbook: book, chargers: chargers, routes: r)
    }

    func report(_ verdict: Verdict, phase: String = "pilot") -> GateReport {
        GateReport(cohort: "north", phase: phase, evaluatedAt: t0, gates: [GateResult(kind: "issues", name: "i", result: verdict, detail: "")])
    }

    @Test func createRoutesEveryChargerToFromThenTheFirstScopeToTo() {
        let events = CohortMachine.create(name: "north", playbook: book, digest: "d", content: "", selector: "--all", chargers: chargers, actor: "a", reason: "")
        #expect(events.count == 3)
        guard case let .routeChanged(all) = events[1], case let .routeChanged(scoped) = events[2] else { Issue.record("expected two route changes"); return }
        #expect(all.backend == "legacy" && all.chargers.count == 12)
        #expect(scoped.backend == "target" && scoped.chargers.count == 6)
    }

    @Test func advanceRefusesPendingAndRecordsTheEvidence() {
        let r = report(.pending)
        #expect(machine().advance(r, reason: "", actor: "a") == .refuse(.gatesNotPassed(.pending),
            record: .blocked(.init(phase: "pilot", command: "advance", message: Refusal.gatesNotPassed(.pending).description, evidence: r))))
    }

    @Test func advanceRefusesFail() {
        guard case .refuse(.gatesNotPassed(.fail), .some(.blocked)) = machine().advance(report(.fail), reason: "", actor: "a") else {
            Issue.record("expected a refusal with a blocked entry"); return
        }
    }

    @Test func advanceOnPassMovesToTheNextPhaseWideningTheScope() {
        guard case let .accept(record, runPlan) = machine().advance(report(.pass), reason: "", actor: "a") else { Issue.record("refused"); return }
        #expect(runPlan) // wave has an on_enter webhook
        guard case let .advanced(a) = record[0] else { Issue.record("expected advanced first"); return }
        #expect(a.from == "pilot" && a.to == "wave" && a.toIndex == 1)
        #expect(a.plan?.kind == .enter && a.plan?.steps == 1)
        // 50% of each model; the 6 on target stay and count toward it: ceil(0.5 × 4) = 2 per model are already there.
        #expect(record.count == 1)
    }

    @Test func leavingTheLastPhaseCompletes() {
        let m = machine(phase: 2)
        #expect(m.advance(report(.pass, phase: "fleet"), reason: "", actor: "a")
            == .accept(record: [.completed(.init(from: "fleet", evidence: report(.pass, phase: "fleet")))], runPlan: false))
    }

    @Test func aStaleReportIsRefused() {
        #expect(machine().advance(report(.pass, phase: "wave"), reason: "", actor: "a") == .refuse(.staleReport(expected: "pilot", got: "wave"), record: nil))
    }

    @Test(arguments: [CohortStatus.paused, .rollingBack, .rolledBack, .completed])
    func onlyActiveCohortsAdvance(status: CohortStatus) {
        #expect(machine(status: status).advance(report(.pass), reason: "", actor: "a")
            == .refuse(.wrongStatus(status, command: "advance", needs: [.active]), record: nil))
    }

    @Test func evaluateAppliesOnFail() {
        guard case let .accept(record, _) = machine().evaluate(report(.fail), actor: "a"), case .paused = record.first else {
            Issue.record("pilot's on_fail is pause"); return
        }
        guard case let .accept(r2, _) = machine(phase: 2).evaluate(report(.fail, phase: "fleet"), actor: "a"), case .rollbackStarted = r2.first else {
            Issue.record("fleet's on_fail is rollback"); return
        }
    }

    @Test func evaluatePendingNeverTriggersOnFail() {
        #expect(machine().evaluate(report(.pending), actor: "a") == .refuse(.gatesNotPassed(.pending), record: nil))
    }

    @Test func evaluatePromotesOnlyWhenAuto() {
        #expect(machine().evaluate(report(.pass), actor: "a") == .accept(record: [], runPlan: false))
        guard case let .accept(record, _) = machine(phase: 2).evaluate(report(.pass, phase: "fleet"), actor: "a"), case .completed = record.first else {
            Issue.record("fleet has promote: auto"); return
        }
    }

    @Test func pauseResumeRollbackRestart() {
        guard case .accept = machine().pause(reason: "r", actor: "a") else { Issue.record("pause"); return }
        #expect(machine(status: .paused).resume() == .accept(record: [.resumed(.init(phase: "pilot"))], runPlan: false))
        #expect(machine().resume() == .refuse(.wrongStatus(.active, command: "resume", needs: [.paused]), record: nil))
        guard case .accept(_, true) = machine(status: .paused).rollback(reason: "r", actor: "a") else { Issue.record("rollback"); return }
        #expect(machine(status: .rolledBack).rollback(reason: "r", actor: "a") == .refuse(.wrongStatus(.rolledBack, command: "roll back", needs: [.active, .paused, .completed]), record: nil))
        guard case let .accept(r, _) = machine(status: .rolledBack, phase: 1, routes: Dictionary(uniqueKeysWithValues: chargers.map { ($0.id, "legacy") })).restart(reason: "r", actor: "a"),
              case .restarted = r.first else { Issue.record("restart"); return }
        #expect(r.count == 2) // and the first phase's scope routed again
        #expect(machine().restart(reason: "r", actor: "a") == .refuse(.wrongStatus(.active, command: "restart", needs: [.rolledBack]), record: nil))
    }

    @Test func rollbackAgainCarriesOn() {
        #expect(machine(status: .rollingBack).rollback(reason: "again", actor: "a") == .accept(record: [], runPlan: true))
    }

    @Test func confirmOnlyAWaitingManualStep() {
        #expect(machine().confirm(note: nil) == .refuse(.nothingToConfirm, record: nil))
        let waiting = PlanRun(id: "north/rollback/7", kind: .rollback, phase: "pilot", fromPhase: "pilot", reason: "", actor: "a",
                              steps: 3, next: 2, stepStarted: true)
        guard case let .accept(record, true) = machine(status: .rollingBack, plan: waiting).confirm(note: "ok") else { Issue.record("confirm"); return }
        #expect(record.map(\.kind) == [.confirmed, .stepFinished])
    }

    @Test func confirmRefusesAPlanThatIsNoLongerRunning() {
        // A pause plan waiting on a manual step, then the cohort was resumed: nothing waits any more.
        let waiting = PlanRun(id: "north/pause/7", kind: .pause, phase: "pilot", fromPhase: "pilot", reason: "", actor: "a",
                              steps: 1, next: 0, stepStarted: true)
        let pausePlaybook = machine(status: .active, plan: waiting)
        #expect(pausePlaybook.confirm(note: nil) == .refuse(.nothingToConfirm, record: nil))
    }

    @Test func approvalsOnlyForRolesThePhaseAsksFor() {
        #expect(machine(phase: 1).approve(role: "finance", note: nil) == .accept(record: [.approved(.init(phase: "wave", role: "finance", note: nil))], runPlan: false))
        #expect(machine(phase: 1).approve(role: "ceo", note: nil) == .refuse(.approvalNotAsked(phase: "wave", role: "ceo", roles: ["operations", "finance"]), record: nil))
        #expect(machine(phase: 0).approve(role: "finance", note: nil) == .refuse(.approvalNotAsked(phase: "pilot", role: "finance", roles: []), record: nil))
        #expect(machine(status: .completed, phase: 1).approve(role: "finance", note: nil)
            == .refuse(.wrongStatus(.completed, command: "approve", needs: [.active, .paused, .rollingBack]), record: nil))
    }

    @Test func planStepsInOrder() {
        let run = PlanRun(id: "north/rollback/7", kind: .rollback, phase: "pilot", fromPhase: "pilot", reason: "", actor: "a", steps: 3)
        let m = machine(status: .rollingBack, plan: run)
        guard case let .record(start) = m.nextPlanAction(now: t0, retryFailed: false), case .stepStarted = start[0] else { Issue.record("start"); return }
        var started = run
        started.stepStarted = true
        guard case let .record(route) = machine(status: .rollingBack, plan: started).nextPlanAction(now: t0, retryFailed: false) else { Issue.record("route"); return }
        #expect(route.map(\.kind) == [.routeChanged, .stepFinished])
        var done = run
        done.next = 3
        guard case let .record(end) = machine(status: .rollingBack, plan: done, routes: [:]).nextPlanAction(now: t0, retryFailed: false) else { Issue.record("end"); return }
        // Whatever the steps did, a rollback ends with every charger on `from`.
        #expect(end.map(\.kind) == [.routeChanged, .rolledBack])
    }

    @Test func aFailedStepStopsThePlanUntilRunAgain() {
        let failed = PlanRun(id: "north/rollback/7", kind: .rollback, phase: "pilot", fromPhase: "pilot", reason: "", actor: "a",
                             steps: 3, next: 1, failure: "HTTP 500")
        #expect(machine(status: .rollingBack, plan: failed).nextPlanAction(now: t0, retryFailed: false) == .stopped(index: 1, failure: "HTTP 500"))
        guard case .record = machine(status: .rollingBack, plan: failed).nextPlanAction(now: t0, retryFailed: true) else { Issue.record("retry"); return }
    }
}

@Suite struct PlanStateTests {
    @Test func aPlanIsShownOnlyWhileItBelongsToTheCohortsStatus() throws {
        let m = try CohortMachineTests()
        let waiting = PlanRun(id: "north/rollback/7", kind: .rollback, phase: "pilot", fromPhase: "pilot", reason: "", actor: "a",
                              steps: 3, next: 2, stepStarted: true)
        #expect(m.machine(status: .rollingBack, plan: waiting).planState?.state == .waitingForConfirmation)
        #expect(m.machine(status: .rollingBack, plan: waiting).planState?.step == "manual: Check the support console.")
        var failed = waiting
        failed.stepStarted = false
        failed.failure = "HTTP 500"
        #expect(m.machine(status: .rollingBack, plan: failed).planState?.state == .failed)
        let pause = PlanRun(id: "north/pause/7", kind: .pause, phase: "pilot", fromPhase: "pilot", reason: "", actor: "a", steps: 1, stepStarted: true)
        #expect(m.machine(status: .paused, plan: pause).planState?.state == .running)
        // Resumed: the unfinished pause plan is no longer under way.
        #expect(m.machine(status: .active, plan: pause).planState == nil)
    }
}
