import Engine
import Foundation
import Gates
import Playbook
import Testing
@testable import Report

@Suite("the checkpoint questions, coverage, timeline and operating model")
struct AnswersTests {
    @Test func openIssuesAreListedMostSevereFirstWithOwnerAndAge() {
        let issues = [Fixture.issue("I-2", .low, scope: .pilotSpecific), Fixture.issue("I-1", .high, scope: .fleetWide, owner: nil, opened: 2),
                      Fixture.issue("I-3", .critical, scope: .fleetWide, closedBy: "carol")]
        let r = CheckpointReport.assemble(Fixture.input(issues: issues))
        #expect(r.answers.openIssues.map(\.id) == ["I-1", "I-2"])
        #expect(r.answers.openIssues.map(\.ageDays) == [12, 10])
        let md = MarkdownRenderer.render(r)
        #expect(md.contains("| I-1 | high | fleet-wide | nobody | 12d | all | a problem |"))
        #expect(r.answers.risks.contains("Fleet-wide issue I-1 (high) is open: a problem; it will reach every cohort."))
        #expect(r.operating.resolvedBy == [Tally(name: "carol", count: 1)])
    }

    @Test func issuesWithoutScopeAreFlaggedUnclassified() {
        let r = CheckpointReport.assemble(Fixture.input(issues: [Fixture.issue("I-9", .medium, scope: nil)]))
        #expect(r.answers.unclassified.map(\.id) == ["I-9"])
        #expect(r.answers.risks.contains { $0.contains("not classified") && $0.contains("I-9") })
        #expect(MarkdownRenderer.render(r).contains("| I-9 | medium | UNCLASSIFIED |"))
        #expect(HTMLRenderer.render(r).contains("<span class=\"flag\">UNCLASSIFIED</span>"))
    }

    @Test func issuesOfAnotherCohortDoNotCount() {
        var other = Fixture.issue("I-5", .critical, scope: .fleetWide)
        other.cohort = "south"
        let r = CheckpointReport.assemble(Fixture.input(issues: [other]))
        #expect(r.answers.openIssues.isEmpty)
    }

    @Test func coverageShowsTheFleetValuesTheCohortNeverTested() {
        let r = CheckpointReport.assemble(Fixture.input())
        let model = r.coverage.first { $0.attribute == "model" }
        #expect(model?.rows == [CoverageRow(value: "A", fleet: 2, cohort: 2, tested: 1, onTarget: 1),
                                CoverageRow(value: "B", fleet: 2, cohort: 2, tested: 1, onTarget: 1),
                                CoverageRow(value: "C", fleet: 1, cohort: 0, tested: 0, onTarget: 0)])
        #expect(model?.gaps.map(\.value) == ["C"])
        #expect(r.coverage.first { $0.attribute == "site" }?.gaps.map(\.value) == ["s2", "s3"])
        #expect(r.coverage.first { $0.attribute == "backend" }?.rows.map(\.value) == ["legacy", "target"])
        #expect(r.answers.risks.contains("No charger of this cohort with model C (1 in the fleet) was ever on target: the cohort says nothing about it."))
    }

    @Test func passedPhasesShowTheEvidenceOfTheirJournalEntry() {
        let evidence = Fixture.report([Fixture.metric(.pass, value: 0.981), Fixture.issuesGate()], at: 14)
        let advanced = Fixture.entry(7, 14, .advanced(.init(from: "pilot", to: "checkpoint", toIndex: 1, evidence: evidence)), reason: "met")
        var input = Fixture.input(gates: Fixture.report([GateResult(kind: "approvals", name: "finance", result: .pending, value: 0,
                                                                     threshold: 1, detail: "0 of 1 approvals")], phase: "checkpoint"),
                                  journal: [Fixture.created, Fixture.routedToTarget, advanced], series: [])
        input.snapshot = Fixture.snapshot(phaseIndex: 1)
        let r = CheckpointReport.assemble(input)
        #expect(r.gates.map(\.phase) == ["pilot", "pilot", "checkpoint"])
        #expect(r.gates.map(\.seq) == [7, 7, nil])
        #expect(r.gates[0].criterion == "success ≥ 0.97, over the last 7d, at least 100 samples, at most 0.02 worse than the fleet on legacy")
        #expect(r.answers.criteria.passedPhases.map(\.phase) == ["pilot"])
        let md = MarkdownRenderer.render(r)
        #expect(md.contains("| pilot | success | success ≥ 0.97, over the last 7d, at least 100 samples, at most 0.02 worse than the fleet on legacy | 0.981 | 0.97 | 500 | 2026-11-09T00:00:00Z – 2026-11-16T00:00:00Z | pass | 2026-11-16T00:00:00Z | #7 |"))
    }

    @Test func plansAreRenderedAsTheyWouldRunAndManualStepsCounted() {
        let r = CheckpointReport.assemble(Fixture.input())
        #expect(r.answers.plans.first == PlanText(name: "rollback", steps: ["route every charger to legacy", "manual: Call the <support> desk & check"], manualSteps: 1))
        #expect(r.answers.risks.contains { $0.hasPrefix("The rollback plan has 1 manual step") })
    }

    @Test func theTimelineHasEveryEntryAndTheOperatingModelCountsManualSteps() {
        let plan = PlanRun(id: "north/rollback/3", kind: .rollback, phase: "pilot", fromPhase: "pilot", reason: "r", actor: "alice", steps: 2)
        let journal = [
            Fixture.created, Fixture.routedToTarget,
            Fixture.entry(3, 9, .rollbackStarted(.init(phase: "pilot", plan: plan)), reason: "r"),
            Fixture.entry(4, 9, .stepStarted(.init(plan: plan, index: 0, step: "route", description: "route every charger to legacy"))),
            Fixture.entry(5, 9, .stepFinished(.init(plan: plan.id, index: 0, step: "route", outcome: StepOutcome(succeeded: true, summary: "2 routed")))),
            Fixture.entry(6, 9, .stepStarted(.init(plan: plan, index: 1, step: "manual", description: "manual: call"))),
            Fixture.entry(7, 10, .confirmed(.init(plan: plan.id, index: 1, text: "call", note: "done")), actor: "bob", reason: "done"),
        ]
        let r = CheckpointReport.assemble(Fixture.input(status: .rollingBack, journal: journal))
        #expect(r.timeline.map(\.seq) == [1, 2, 3, 4, 5, 6, 7])
        #expect(r.timeline.last?.what == "step 2 confirmed: call")
        #expect(r.operating.totalSteps == 2)
        #expect(r.operating.manualSteps == 1)
        #expect(r.operating.manual.first?.confirmedBy == "bob")
        #expect(ReportText.operating(r.operating).first == "2 plan steps ran, 1 of them manual (manual 1, route 1).")
    }

    @Test func anUnverifiedJournalIsSaidLoudly() {
        let r = CheckpointReport.assemble(Fixture.input(verified: false))
        #expect(MarkdownRenderer.render(r).contains("The journal did NOT verify: entry 2 was edited."))
    }
}
