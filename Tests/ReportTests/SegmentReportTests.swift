import Engine
import Foundation
import Gates
import Playbook
import Testing
@testable import Report

/// What the report says about segments: quarantined (and released) ones, held-back chargers, segment rows.
@Suite("segments in the report")
struct SegmentReportTests {
    static let evidence = Fixture.report([Fixture.metric(.fail, value: 0.5)])

    static var quarantined: JournalEntry {
        Fixture.entry(3, 5, .segmentQuarantined(.init(phase: "pilot", segments: [
            .init(attribute: "model", value: "B", gate: "success", detail: "success 0.5 < 0.97 over 1 chargers, 200 samples", chargers: ["c2", "c4"]),
        ], evidence: evidence)), actor: "automation")
    }

    static var released: JournalEntry {
        Fixture.entry(5, 9, .segmentReleased(.init(phase: "pilot", attribute: "model", value: "B", chargers: ["c2", "c4"])), reason: "firmware <2.1>")
    }

    static func input(journal: [JournalEntry], held: [HeldCharger] = [], quarantines: [Quarantine] = [], gates: GateReport? = nil) -> ReportInput {
        var input = Fixture.input(gates: gates ?? Fixture.report([Fixture.metric(.pass, value: 0.98), Fixture.issuesGate()]),
                                  journal: [Fixture.created, Fixture.routedToTarget] + journal)
        input.snapshot.segments = CohortSegments(quarantines: quarantines, held: held)
        return input
    }

    @Test func aQuarantinedSegmentAnswersPilotSpecificOrFleetWide() {
        let q = Quarantine(attribute: "model", value: "B", chargers: ["c2", "c4"], gate: "success", detail: "success 0.5 < 0.97", phase: "pilot",
                           since: Fixture.at(5), seq: 3)
        let held = HeldCharger(charger: "c3", phase: "pilot", reasons: ["drops 3 > 1 per charger day over 7d"], since: Fixture.at(0), seq: 2)
        let r = CheckpointReport.assemble(Self.input(journal: [Self.quarantined], held: [held], quarantines: [q]))
        #expect(r.answers.quarantined.map(\.segment) == ["model=B"])
        #expect(r.answers.quarantined.first?.released == nil)
        #expect(r.answers.heldBack.map(\.charger) == ["c3"])
        let md = MarkdownRenderer.render(r)
        #expect(md.contains("- Segment model=B was quarantined on 2026-11-07T00:00:00Z in pilot (entry #3): success 0.5 \\< 0.97 over 1 chargers, 200 samples. A risk specific to that segment, not to the fleet: its 2 chargers were set aside on legacy and the rest of the cohort carried on; still quarantined."), "\(md)")
        #expect(md.contains("- c3: unhealthy before the move — not evidence against the new platform (held back on legacy by the preflight of pilot since 2026-11-02T00:00:00Z: drops 3 \\> 1 per charger day over 7d)."))
        #expect(r.decision.sentence.hasSuffix(" Set aside on legacy, not part of this decision: quarantined model=B (2 chargers); 1 charger unhealthy before the move."), "\(r.decision.sentence)")
        #expect(r.answers.risks.contains { $0.hasPrefix("Segment model=B is quarantined") })
        #expect(r.answers.risks.contains { $0.hasPrefix("1 charger failed the preflight on legacy") })
        let html = HTMLRenderer.render(r)
        #expect(html.contains("<li>Segment model=B was quarantined on"))
        #expect(html.contains("c3: unhealthy before the move — not evidence against the new platform"))
    }

    @Test func aReleasedSegmentSaysWhenByWhomAndWhy() {
        let r = CheckpointReport.assemble(Self.input(journal: [Self.quarantined, Self.released]))
        let line = r.answers.quarantined.first
        #expect(line?.released?.actor == "alice")
        #expect(line?.released?.seq == 5)
        let md = MarkdownRenderer.render(r)
        #expect(md.contains("released on 2026-11-11T00:00:00Z by alice (firmware \\<2.1\\>) (entry #5)."), "Markdown escaped: \(md)")
        #expect(!r.answers.risks.contains { $0.contains("is quarantined") }, "a released segment is no risk any more")
        #expect(!r.decision.sentence.contains("Set aside"))
        #expect(HTMLRenderer.render(r).contains("(firmware &lt;2.1&gt;)"), "escaped in HTML")
    }

    @Test func aByGateHasARowPerSegment() {
        var gate = Fixture.metric(.fail, value: 0.5)
        gate.by = "model"
        gate.segments = [SegmentResult(segment: "A", result: .pass, value: 0.99, samples: 300, chargers: 1, detail: "a"),
                         SegmentResult(segment: "B", result: .fail, value: 0.5, samples: 200, chargers: 1, detail: "b")]
        let r = CheckpointReport.assemble(Self.input(journal: [], gates: Fixture.report([gate, Fixture.issuesGate()])))
        let md = MarkdownRenderer.render(r)
        #expect(md.contains("| pilot | ↳ model=A |  | 0.99 | 0.97 | 300 |  | pass |  |  |"), "\(md)")
        #expect(md.contains("| pilot | ↳ model=B |  | 0.5 | 0.97 | 200 |  | FAIL |  |  |"))
        #expect(HTMLRenderer.render(r).contains("↳ model=B"))
    }
}
