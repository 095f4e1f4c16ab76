import Engine
import Foundation
import Gates
import Playbook
import Testing

/// Samples in memory: per charger and sample name, one sum and count for any window; `onTotals` runs before each answer.
final class FakeSamples: SampleSource, @unchecked Sendable {
    private let lock = NSLock()
    var perCharger: [String: SampleTotals] = [:]
    var seen: Set<String> = []
    var onTotals: (() -> Void)?
    private(set) var asked: [[String]] = []

    func totals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> SampleTotals {
        let hook = lock.withLock { asked.append(chargers.sorted()); return onTotals }
        hook?()
        return lock.withLock {
            var t = SampleTotals()
            for c in chargers {
                for n in names {
                    t.sums[n, default: 0] += perCharger[c]?.sums[n] ?? 0
                    t.counts[n, default: 0] += perCharger[c]?.counts[n] ?? 0
                }
            }
            return t
        }
    }

    func dailyTotals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [(day: Date, totals: SampleTotals)] { [] }

    func totalsByCharger(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [String: SampleTotals] {
        lock.withLock { perCharger.filter { chargers.contains($0.key) } }
    }

    func chargersSeen(_ chargers: [String], window: EvidenceWindow) throws -> Set<String> {
        lock.withLock { seen.intersection(chargers) }
    }

    /// `tried` sessions, `ok` of them started.
    func sessions(_ charger: String, tried: Double, ok: Double) {
        lock.withLock {
            perCharger[charger, default: SampleTotals()].sums["session.attempted"] = tried
            perCharger[charger, default: SampleTotals()].counts["session.attempted"] = Int(tried)
            perCharger[charger, default: SampleTotals()].sums["session.started"] = ok
            perCharger[charger, default: SampleTotals()].counts["session.started"] = Int(ok)
        }
    }
}

/// Quarantine and preflight through the runner: evidence gathered per segment and per charger, then decided.
@Suite struct SegmentRunnerTests {
    let store = InMemoryStore()
    let samples = FakeSamples()
    let clock = TestClock(t0)
    let chargers = mixedFleet(24)

    func runner(_ actor: String = "alice") -> CohortRunner {
        CohortRunner(store: store, samples: samples, invocation: Invocation(actor: actor, simulated: true, clock: clock))
    }

    /// The fleet, every charger seen and without drops, and a cohort of all of it on `segmentPlaybook`.
    func setUp(sick: Set<String> = []) throws -> Playbook {
        let book = try playbook(segmentPlaybook)
        samples.seen = Set(chargers.map(\.id)).subtracting(sick)
        _ = try store.append([NewEntry(at: t0, cohort: nil, actor: "a", reason: nil, simulated: true,
                                       event: .fleetImported(.init(file: "f", digest: "x", chargers: chargers, added: 24, updated: 0)))], if: .none)
        let candidates = ScopeResolver.candidates(of: book.phases[0].scope, chargers: chargers, onTarget: [])
        let report = try runner().preflightReport(book.phases[0].preflight, phase: "pilot", candidates: candidates, playbook: book, now: t0)
        let events = CohortMachine.create(name: "north", playbook: book, digest: "d1", content: segmentPlaybook, selector: "--all",
                                          chargers: chargers, actor: "a", reason: "", preflight: report)
        _ = try store.append(events.map { NewEntry(at: t0, cohort: "north", actor: "a", reason: nil, simulated: true, event: $0) }, if: .none)
        return book
    }

    func onTarget() throws -> Set<String> {
        let s = try store.snapshot(of: "north")
        return Set(s.routes.filter { $0.value == "target" }.keys)
    }

    @Test func oneModelFailsItIsQuarantinedTheOthersExpandAndReleaseLetsItBack() async throws {
        _ = try setUp()
        let pilot = try onTarget()
        #expect(pilot.count == 12)
        for id in pilot {
            let model = chargers.first { $0.id == id }!.attributes["model"]
            samples.sessions(id, tried: 20, ok: model == "B" ? 10 : 20)
        }
        clock.advance(days: 1)
        let evaluated = try await runner("auto").run(.evaluate, cohort: "north", reason: nil)
        #expect(evaluated.report?.gates[0].segments?.map(\.segment) == ["A", "B", "C"])
        #expect(evaluated.report?.gates[0].segments?.map(\.result) == [.pass, .fail, .pass])
        #expect(evaluated.committed.map(\.kind) == [.segmentQuarantined, .routeChanged])
        let modelB = Set(chargers.filter { $0.attributes["model"] == "B" }.map(\.id))
        var snap = try store.snapshot(of: "north")
        #expect(snap.segments.quarantinedChargers == modelB)
        #expect(try onTarget() == pilot.subtracting(modelB))

        // The gates judge the rest: they pass now, and the advance leaves model B out.
        let advanced = try await runner().run(.advance, cohort: "north", reason: "the rest")
        #expect(advanced.refusal == nil, "\(String(describing: advanced.report))")
        #expect(advanced.report?.gates[0].detail.contains("quarantined, not judged: B") == true)
        #expect(try onTarget() == Set(chargers.map(\.id)).subtracting(modelB))
        snap = try store.snapshot(of: "north")
        #expect(snap.machine.phase.name == "wave")

        // Release: the wave's scope (all) takes model B again, and its gate judges B again.
        let released = try await runner().run(.release(attribute: "model", value: "B"), cohort: "north", reason: "firmware 2.1")
        #expect(released.committed.map(\.kind) == [.segmentReleased, .routeChanged])
        #expect(try onTarget() == Set(chargers.map(\.id)))
        let again = try await runner().gateReport(for: try store.snapshot(of: "north"), now: clock.now())
        #expect(again.gates[0].segments?.map(\.segment) == ["A", "B", "C"])
        #expect(try FleetState.replay(store.journal) == store.state)
    }

    @Test func anUnhealthyChargerStaysOnLegacyAndIsNeverEvidence() async throws {
        let modelA = chargers.filter { $0.attributes["model"] == "A" }.map(\.id)
        let first = ScopeResolver.candidates(of: .select(attributes: [], share: Percentage(50)),
                                             chargers: chargers.filter { $0.attributes["model"] == "A" }, onTarget: [])[0]
        _ = try setUp(sick: [first])
        let snap = try store.snapshot(of: "north")
        #expect(snap.routes[first] == "legacy")
        #expect(snap.segments.heldChargers == [first])
        #expect(snap.segments.held[0].reasons == ["not seen within 1d (no sample of any metric)"])
        #expect(modelA.filter { snap.routes[$0] == "target" }.count == 4, "the share of model A is still 4 of 8")
        // Gates never ask for its samples, even for a control group on legacy.
        _ = try await runner().gateReport(for: snap, now: clock.now())
        #expect(samples.asked.allSatisfy { !$0.contains(first) })
    }

    @Test func theNextPhasesPreflightIsJudgedWhenTheCohortWouldEnterIt() async throws {
        // A playbook whose second phase has the preflight: advance gathers it, and the sick charger stays behind.
        let yaml = segmentPlaybook.replacingOccurrences(of: "  - name: wave\n    scope: all\n",
                                                        with: "  - name: wave\n    scope: all\n    preflight: { lookback: 3d, seen_within: 1d }\n")
        let book = try playbook(yaml)
        _ = try store.append([NewEntry(at: t0, cohort: nil, actor: "a", reason: nil, simulated: true,
                                       event: .fleetImported(.init(file: "f", digest: "x", chargers: chargers, added: 24, updated: 0)))], if: .none)
        samples.seen = Set(chargers.map(\.id))
        let candidates = ScopeResolver.candidates(of: book.phases[0].scope, chargers: chargers, onTarget: [])
        let report = try runner().preflightReport(book.phases[0].preflight, phase: "pilot", candidates: candidates, playbook: book, now: t0)
        _ = try store.append(CohortMachine.create(name: "north", playbook: book, digest: "d1", content: yaml, selector: "--all", chargers: chargers,
                                                  actor: "a", reason: "", preflight: report)
            .map { NewEntry(at: t0, cohort: "north", actor: "a", reason: nil, simulated: true, event: $0) }, if: .none)
        for id in try onTarget() { samples.sessions(id, tried: 20, ok: 20) }
        let sick = try #require(chargers.map(\.id).first { !(try! onTarget()).contains($0) })
        samples.seen.remove(sick)
        clock.advance(days: 1)
        let outcome = try await runner().run(.advance, cohort: "north", reason: "go")
        #expect(outcome.refusal == nil)
        #expect(outcome.committed.map(\.kind) == [.advanced, .routeChanged, .preflightHeld])
        #expect(try store.snapshot(of: "north").routes[sick] == "legacy")
        #expect(try store.snapshot(of: "north").segments.held.map(\.phase) == ["wave"])
    }

    /// The `blocked` entry written while another process moved the cohort names the phase its evaluation was about.
    @Test func aBlockedEntryUnderARaceNamesTheEvaluatedPhase() async throws {
        let book = try setUp()
        clock.advance(days: 1)
        // While this runner gathers evidence for pilot (no samples: pending), another process advances the cohort.
        let store = self.store, clock = self.clock
        samples.onTotals = { [samples] in
            samples.onTotals = nil
            let s = try! store.snapshot(of: "north")
            let pass = GateReport(cohort: "north", phase: "pilot", evaluatedAt: clock.now(),
                                  gates: [GateResult(kind: "metric", name: "success", result: .pass, detail: "raced")])
            guard case let .accept(record, _) = s.machine.advance(pass, reason: "other", actor: "bob") else { return }
            _ = try! store.append(record.map { NewEntry(at: clock.now(), cohort: "north", actor: "bob", reason: nil, simulated: true, event: $0) },
                                  if: .cohortVersion("north", s.cohort.version))
        }
        let outcome = try await runner("alice").run(.advance, cohort: "north", reason: "mine")
        #expect(outcome.refusal == .gatesNotPassed(.pending))
        let blocked = try #require(store.journal.last)
        guard case let .blocked(b) = blocked.event else { Issue.record("expected blocked last: \(blocked)"); return }
        #expect(try store.snapshot(of: "north").machine.phase.name == "wave", "the other process advanced it")
        #expect(b.phase == "pilot", "the entry names the phase alice's evaluation was about")
        #expect(b.evidence?.phase == "pilot")
        #expect(blocked.event.summary.contains("refused in pilot"))
        _ = book
    }
}
