import Engine
import Foundation
import Gates
import Playbook
import Testing

/// Quarantine and release in the pure state machine.
@Suite struct SegmentMachineTests {
    let book: Playbook
    let chargers = mixedFleet(24)

    init() throws { book = try playbook(segmentPlaybook) }

    func machine(phase: Int = 0, status: CohortStatus = .active, onTarget: Set<String>? = nil, segments: CohortSegments = CohortSegments()) -> CohortMachine {
        let cohort = Cohort(name: "north", playbookName: "segments", playbookDigest: "d", phaseIndex: phase,
                            state: CohortState(status: status, plan: status == .rollingBack
                                ? PlanRun(id: "north/rollback/9", kind: .rollback, phase: "pilot", fromPhase: "pilot", reason: "", actor: "a", steps: 1) : nil)!,
                            enteredAt: t0, createdAt: t0, version: 9)
        let target = onTarget ?? Set(chargers.prefix(12).map(\.id))
        let routes = Dictionary(uniqueKeysWithValues: chargers.map { ($0.id, target.contains($0.id) ? "target" : "legacy") })
        return CohortMachine(cohort: cohort, playbook: book, chargers: chargers, routes: routes, segments: segments)
    }

    @Test func aFailingSegmentIsQuarantinedWholeAndItsChargersOnTargetGoBack() throws {
        let m = machine()
        let decision = m.evaluate(segmentReport(model: ["A": .pass, "B": .fail, "C": .pass], firmware: ["1.0": .pass, "2.0": .pass]), actor: "auto")
        guard case let .accept(record, runPlan) = decision else { Issue.record("refused: \(decision)"); return }
        #expect(!runPlan)
        guard case let .segmentQuarantined(q) = record.first, case let .routeChanged(back)? = record.dropFirst().first else {
            Issue.record("expected segment-quarantined then route-changed: \(record)"); return
        }
        let modelB = chargers.filter { $0.attributes["model"] == "B" }.map(\.id)
        #expect(q.segments.count == 1)
        #expect(q.segments[0].attribute == "model" && q.segments[0].value == "B")
        #expect(q.segments[0].chargers == modelB.sorted(), "every charger of the segment, on target or not")
        #expect(q.evidence.phase == "pilot")
        #expect(back.backend == "legacy")
        #expect(back.chargers == modelB.filter { m.routes[$0] == "target" }.sorted(), "only those on target move")
        #expect(record.count == 2)
    }

    @Test func twoGatesTwoSegmentsOneEntryAndAChargerOnce() throws {
        let decision = machine().evaluate(segmentReport(model: ["A": .fail, "B": .pass, "C": .pass], firmware: ["1.0": .pass, "2.0": .fail]), actor: "auto")
        guard case let .accept(record, _) = decision, case let .segmentQuarantined(q) = record.first else { Issue.record("\(decision)"); return }
        #expect(q.segments.map(\.attribute) == ["model", "firmware"])
        let all = q.segments.flatMap(\.chargers)
        #expect(all.count == Set(all).count, "a charger in both segments is recorded once")
        // A model-A charger with firmware 2.0 is under model=A only.
        #expect(q.segments[1].chargers.allSatisfy { id in chargers.first { $0.id == id }?.attributes["model"] != "A" })
    }

    @Test func theGravestOnFailWins() throws {
        // The phase's own on_fail (hold) applies to gates without one; a quarantine gate failing alongside a gate whose
        // on_fail is rollback rolls back.
        var rollbackBook = book
        guard case var .metric(g) = rollbackBook.phases[0].gates[1].kind else { Issue.record("fixture"); return }
        g.onFail = .rollback
        rollbackBook.phases[0].gates[1] = Gate(.metric(g))
        let m = CohortMachine(cohort: machine().cohort, playbook: rollbackBook, chargers: chargers, routes: machine().routes)
        let report = segmentReport(model: ["A": .fail], firmware: ["2.0": .fail])
        #expect(m.onFail(for: report) == .rollback)
        guard case let .accept(record, _) = m.evaluate(report, actor: "auto"), case .rollbackStarted = record.first else {
            Issue.record("expected a rollback"); return
        }
        #expect(machine().onFail(for: report) == .quarantine)
        #expect(machine().onFail(for: segmentReport(model: ["A": .pass], firmware: ["2.0": .pending])) == .hold)
    }

    @Test func advanceRefusesAFailingQuarantineGate() {
        let decision = machine().advance(segmentReport(model: ["B": .fail], firmware: ["1.0": .pass]), reason: "", actor: "a")
        guard case .refuse(.gatesNotPassed(.fail), .some(.blocked)) = decision else { Issue.record("\(decision)"); return }
    }

    @Test func quarantinedChargersAreLeftOutOfLaterScopes() throws {
        let modelB = chargers.filter { $0.attributes["model"] == "B" }.map(\.id)
        let q = Quarantine(attribute: "model", value: "B", chargers: modelB, gate: "success", detail: "0.2 < 0.9", phase: "pilot", since: t0, seq: 5)
        let onTarget = Set(chargers.prefix(12).map(\.id)).subtracting(modelB)
        let m = machine(onTarget: onTarget, segments: CohortSegments(quarantines: [q]))
        guard case let .accept(record, _) = m.advance(segmentReport(model: ["A": .pass, "C": .pass], firmware: ["1.0": .pass]), reason: "", actor: "a"),
              case let .routeChanged(moved)? = record.dropFirst().first else { Issue.record("expected a route change"); return }
        #expect(Set(moved.chargers).isDisjoint(with: modelB))
        #expect(Set(moved.chargers).union(onTarget) == Set(chargers.map(\.id)).subtracting(modelB), "scope all takes the rest")
    }

    @Test func releaseRoutesTheSegmentAgainUnderTheScopeInForce() throws {
        let modelB = chargers.filter { $0.attributes["model"] == "B" }.map(\.id)
        let q = Quarantine(attribute: "model", value: "B", chargers: modelB, gate: "success", detail: "0.2 < 0.9", phase: "wave", since: t0, seq: 5)
        let rest = Set(chargers.map(\.id)).subtracting(modelB)
        let m = machine(phase: 1, onTarget: rest, segments: CohortSegments(quarantines: [q]))
        guard case let .accept(record, _) = m.release(attribute: "model", value: "B") else { Issue.record("refused"); return }
        guard case let .segmentReleased(r) = record.first, case let .routeChanged(moved)? = record.dropFirst().first else {
            Issue.record("\(record)"); return
        }
        #expect(r.chargers == modelB.sorted())
        #expect(moved.backend == "target" && moved.chargers == modelB.sorted(), "wave's scope is all")
    }

    @Test func releaseIsRefusedForAnUnknownSegmentOrAPausedCohort() {
        let q = Quarantine(attribute: "model", value: "B", chargers: ["CP-001"], gate: "success", detail: "", phase: "pilot", since: t0, seq: 5)
        let segments = CohortSegments(quarantines: [q])
        #expect(machine(segments: segments).release(attribute: "model", value: "Z")
            == .refuse(.notQuarantined(segment: "model=Z", quarantined: ["model=B"]), record: nil))
        guard case .refuse(.wrongStatus(.paused, _, _), nil) = machine(status: .paused, segments: segments).release(attribute: "model", value: "B") else {
            Issue.record("a paused cohort cannot release"); return
        }
        // Rolled back: the quarantine is forgotten, nothing is routed (every charger is on `from`).
        guard case let .accept(record, _) = machine(status: .rolledBack, onTarget: [], segments: segments).release(attribute: "model", value: "B") else {
            Issue.record("refused"); return
        }
        #expect(record.count == 1)
    }
}

/// The journal's rule for quarantines and held-back chargers.
@Suite struct CohortSegmentsTests {
    func entry(_ seq: Int64, _ event: JournalEvent) -> JournalEntry {
        JournalEntry(seq: seq, at: t0.addingTimeInterval(Double(seq)), cohort: "north", actor: "a", reason: nil, simulated: true, event: event)
    }

    @Test func quarantineReleaseAndFlags() throws {
        var s = CohortSegments()
        let report = GateReport(cohort: "north", phase: "pilot", evaluatedAt: t0, gates: [])
        try s.apply(entry(1, .segmentQuarantined(.init(phase: "pilot", segments: [.init(attribute: "model", value: "B", gate: "success", detail: "d", chargers: ["b2", "b1"])], evidence: report))))
        #expect(s.quarantinedChargers == ["b1", "b2"])
        #expect(s.quarantines.first?.chargers == ["b1", "b2"])
        try s.apply(entry(2, .preflightHeld(.init(phase: "pilot", window: nil, chargers: [ChargerHealth(charger: "x", healthy: false, reasons: ["r1"]),
                                                                                           ChargerHealth(charger: "y", healthy: false, reasons: ["r2"])]))))
        #expect(s.heldChargers == ["x", "y"])
        // A later preflight replaces a charger's flag; a route change clears it.
        try s.apply(entry(3, .preflightHeld(.init(phase: "wave", window: nil, chargers: [ChargerHealth(charger: "x", healthy: false, reasons: ["r3"])]))))
        #expect(s.held.first { $0.charger == "x" }?.reasons == ["r3"])
        #expect(s.held.first { $0.charger == "x" }?.phase == "wave")
        try s.apply(entry(4, .routeChanged(.init(backend: "target", url: "u", chargers: ["y"]))))
        #expect(s.heldChargers == ["x"])
        try s.apply(entry(5, .rolledBack(.init(phase: "wave", plan: "p"))))
        #expect(s.held.isEmpty)
        #expect(s.quarantines.count == 1, "a quarantine outlives a rollback")
        try s.apply(entry(6, .segmentReleased(.init(phase: "pilot", attribute: "model", value: "B", chargers: ["b1", "b2"]))))
        #expect(s.isEmpty)
        #expect(throws: ProjectionError.self) {
            try s.apply(entry(7, .segmentReleased(.init(phase: "pilot", attribute: "model", value: "B", chargers: []))))
        }
    }
}
