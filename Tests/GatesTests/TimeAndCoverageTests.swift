import Foundation
import Gates
import Playbook
import Testing

@Suite struct SoakTests {
    @Test(arguments: [(13.9, Verdict.pending), (14.0, .pass), (20, .pass), (0, .pending)])
    func soak(days: Double, expected: Verdict) {
        let p = Phase(name: "pilot", soak: .days(14))
        let r = GateEvaluator.evaluate(inputs(phase: p, now: t0.addingTimeInterval(days * 86_400))).gates[0]
        #expect(r.kind == "soak")
        #expect(r.result == expected)
    }
}

@Suite struct CalendarTests {
    static let gate = CalendarGate(days: [.mon, .tue, .wed, .thu], hours: ClosedOpenMinutes(parsing: "09:00-16:00"), timezone: "Europe/Berlin")

    // t0 is Monday 2026-11-02 09:00 UTC = 10:00 in Berlin (CET, UTC+1).
    @Test(arguments: [
        (0.0, Verdict.pass),            // Mon 10:00 Berlin
        (5.0, .pass),                   // Mon 15:00
        (6.0, .pending),                // Mon 16:00: end is exclusive
        (-1.0, .pass),                  // Mon 08:00 UTC = 09:00 Berlin: the window's first minute
        (-1.01, .pending),              // just before it
        (4 * 24.0, .pending),           // Friday
        (3 * 24.0, .pass),              // Thursday 10:00
    ])
    func window(hoursAfter: Double, expected: Verdict) {
        let now = t0.addingTimeInterval(hoursAfter * 3600)
        let r = GateEvaluator.evaluate(inputs(phase: phase(.calendar(Self.gate)), now: now)).gates[0]
        #expect(r.result == expected, "\(r.detail)")
    }

    @Test func summerTimeIsHonoured() {
        // 2026-07-06 is a Monday; 07:30 UTC is 09:30 in Berlin (CEST, UTC+2): inside.
        let now = Date(timeIntervalSince1970: 1_783_323_000)
        let r = GateEvaluator.evaluate(inputs(phase: phase(.calendar(Self.gate)), now: now)).gates[0]
        #expect(r.result == .pass, "\(r.detail)")
    }
}

@Suite struct CoverageTests {
    func charger(_ id: String, _ model: String, _ backend: String) -> GroupCharger {
        GroupCharger(id: id, attributes: ["model": model], backend: backend)
    }

    @Test func everyModelNeedsEnoughOnTarget() {
        let chargers = [charger("1", "A", "target"), charger("2", "A", "target"), charger("3", "B", "target"), charger("4", "B", "legacy")]
        let r = GateEvaluator.evaluate(inputs(phase: phase(.coverage(CoverageGate(by: "model", minEach: 2))), chargers: chargers)).gates[0]
        #expect(r.result == .fail)
        #expect(r.value == 1)
        let ok = GateEvaluator.evaluate(inputs(phase: phase(.coverage(CoverageGate(by: "model", minEach: 1))), chargers: chargers)).gates[0]
        #expect(ok.result == .pass)
    }

    @Test func noChargersIsPending() {
        let r = GateEvaluator.evaluate(inputs(phase: phase(.coverage(CoverageGate(by: "model", minEach: 1))))).gates[0]
        #expect(r.result == .pending)
    }
}

@Suite struct AfterTests {
    @Test(arguments: [
        (CohortMilestone(phases: ["pilot", "checkpoint", "fleet"], phaseIndex: 1, status: "active"), AfterGate.Milestone.phase("checkpoint"), Verdict.pass),
        (CohortMilestone(phases: ["pilot", "checkpoint", "fleet"], phaseIndex: 0, status: "active"), .phase("checkpoint"), .pending),
        (CohortMilestone(phases: ["pilot", "checkpoint", "fleet"], phaseIndex: 2, status: "rolled-back"), .phase("checkpoint"), .pending),
        (CohortMilestone(phases: ["pilot", "checkpoint", "fleet"], phaseIndex: 2, status: "active"), .completed, .pending),
        (CohortMilestone(phases: ["pilot", "checkpoint", "fleet"], phaseIndex: 2, status: "completed"), .completed, .pass),
    ])
    func after(other: CohortMilestone, milestone: AfterGate.Milestone, expected: Verdict) {
        let r = GateEvaluator.evaluate(inputs(phase: phase(.after(AfterGate(cohort: "south", milestone: milestone))), cohorts: ["south": other])).gates[0]
        #expect(r.result == expected)
    }

    @Test func unknownCohortIsPending() {
        let r = GateEvaluator.evaluate(inputs(phase: phase(.after(AfterGate(cohort: "nobody", milestone: .completed))))).gates[0]
        #expect(r.result == .pending)
    }
}

@Suite struct VerdictTests {
    @Test(arguments: [
        ([Verdict](), Verdict.pass), ([.pass], .pass), ([.pass, .pending], .pending), ([.pending, .fail], .fail), ([.fail, .pass], .fail),
    ])
    func combine(verdicts: [Verdict], expected: Verdict) {
        #expect(Verdict.combine(verdicts) == expected)
    }
}
