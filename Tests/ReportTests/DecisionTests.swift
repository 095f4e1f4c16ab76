import Engine
import Foundation
import Gates
import Testing
@testable import Report

@Suite("the decision at the top")
struct DecisionTests {
    @Test func everyGatePassingIsReadyAndNamesTheNextPhase() {
        let r = CheckpointReport.assemble(Fixture.input())
        #expect(r.decision.outcome == .ready)
        #expect(r.decision.sentence == "Ready to expand: all 2 gates of phase pilot pass; the next phase is checkpoint.")
    }

    @Test func aFailingGateIsNotReadyAndNamesIt() {
        let gates = Fixture.report([Fixture.metric(.fail, value: 0.9, detail: "success 0.9 < 0.97"), Fixture.issuesGate()])
        let r = CheckpointReport.assemble(Fixture.input(gates: gates))
        #expect(r.decision.outcome == .notReady)
        #expect(r.decision.sentence == "Not ready: 1 of 2 gates of phase pilot fail — success (success 0.9 < 0.97).")
    }

    @Test func pendingGatesAreNotYetKnownAndSayWhatEvidenceIsMissing() {
        let gates = Fixture.report([Fixture.metric(.pending, value: nil, samples: 40, detail: "success: 40 samples of at least 100"),
                                    Fixture.issuesGate()])
        let r = CheckpointReport.assemble(Fixture.input(gates: gates))
        #expect(r.decision.outcome == .notYetKnown)
        #expect(r.decision.sentence == "Not yet known: 1 of 2 gates of phase pilot are pending, none fails — missing evidence: success (40 samples of at least 100).")
        #expect(MarkdownRenderer.render(r).contains("**Decision:** Not yet known: "))
    }

    @Test func failBeatsPending() {
        let gates = Fixture.report([Fixture.metric(.pending, value: nil), Fixture.issuesGate(.fail)])
        let r = CheckpointReport.assemble(Fixture.input(gates: gates))
        #expect(r.decision.outcome == .notReady)
        #expect(r.decision.sentence.hasSuffix("; 1 more pending."))
    }

    @Test func aRolledBackCohortIsNotReadyWhateverItsGatesSay() {
        let rollback = Fixture.entry(3, 9, .rollbackStarted(.init(phase: "pilot", plan: PlanRun(
            id: "north/rollback/3", kind: .rollback, phase: "pilot", fromPhase: "pilot", reason: "CDR mismatch", actor: "alice", steps: 2))),
            reason: "CDR mismatch")
        let done = Fixture.entry(4, 9, .rolledBack(.init(phase: "pilot", plan: "north/rollback/3")))
        let r = CheckpointReport.assemble(Fixture.input(status: .rolledBack, journal: [Fixture.created, Fixture.routedToTarget, rollback, done]))
        #expect(r.decision.outcome == .notReady)
        #expect(r.decision.sentence.hasPrefix("Not ready: north was rolled back on 2026-11-11T00:00:00Z (CDR mismatch)"))
        #expect(r.answers.rollbacks == [RollbackRun(seq: 3, at: Fixture.at(9), actor: "alice", reason: "CDR mismatch", phase: "pilot",
                                                    finishedAt: Fixture.at(9))])
        #expect(MarkdownRenderer.render(r).contains("A rollback was exercised once"))
    }

    @Test func aRollbackNeverExercisedIsSaid() {
        let r = CheckpointReport.assemble(Fixture.input())
        #expect(r.answers.rollbacks.isEmpty)
        #expect(MarkdownRenderer.render(r).contains("A rollback was never exercised on this cohort"))
    }
}
