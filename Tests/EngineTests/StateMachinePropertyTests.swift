import Engine
import Foundation
import Gates
import Playbook
import PropertyBased
import Testing

/// Random command sequences never break the invariants.
@Suite struct StateMachinePropertyTests {
    static let commands: [CohortRunner.Command] = [.advance, .evaluate, .pause, .resume, .rollback, .restart, .confirm(note: nil)]

    @Test func randomCommandSequencesKeepTheInvariants() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 0...(Self.commands.count + 3)).array(of: 1...40)) { script in
            do {
                try await check(script)
            } catch {
                Issue.record("unexpected error: \(error)")
            }
        }
    }

    func check(_ script: [Int]) async throws {
        let store = InMemoryStore()
        let performer = ScriptedPerformer()
        let clock = TestClock(t0)
        let book = try playbook(simplePlaybook)
        let chargers = fleet(12)
        _ = try store.append([NewEntry(at: t0, cohort: nil, actor: "a", reason: nil, simulated: true,
                                       event: .fleetImported(.init(file: "f", digest: "x", chargers: chargers, added: 12, updated: 0)))], if: .none)
        _ = try store.append(CohortMachine.create(name: "north", playbook: book, digest: "d1", content: simplePlaybook, selector: "--all",
                                                  chargers: chargers, actor: "a", reason: "").map {
            NewEntry(at: t0, cohort: "north", actor: "a", reason: nil, simulated: true, event: $0)
        }, if: .none)

        for step in script {
            let runner = CohortRunner(store: store, performer: performer, invocation: Invocation(actor: "p\(step % 3)", simulated: true, clock: clock))
            let before = try store.snapshot(of: "north")
            let journalBefore = store.journal.count
            switch step {
            case Self.commands.count: clock.advance(days: 1)
            case Self.commands.count + 1:
                let phase = before.machine.phase.name
                for (actor, role) in [("ann", "operations"), ("ben", "finance")] {
                    _ = try? store.append([NewEntry(at: clock.now(), cohort: "north", actor: actor, reason: nil, simulated: true,
                                                    event: .approved(.init(phase: phase, role: role, note: nil)))], if: .none)
                }
            case Self.commands.count + 2:
                performer.failNext = 1
            case Self.commands.count + 3:
                let id = "I\(store.journal.count)"
                _ = try store.append([NewEntry(at: clock.now(), cohort: nil, actor: "x", reason: nil, simulated: true,
                                               event: .issueOpened(IssueRecord(id: id, title: id, severity: .critical, openedAt: clock.now(), openedBy: "x")))],
                                     if: .none)
            default:
                let command = Self.commands[step]
                let outcome = try await runner.run(command, cohort: "north", reason: "r")
                // A refusal changes nothing but, at most, its `blocked` entry (and the steps of an unfinished
                // on_enter plan the command carried on first).
                if outcome.refusal != nil {
                    let added = store.journal.dropFirst(journalBefore).filter { ![.stepStarted, .stepFinished, .stepFailed].contains($0.kind) }
                    #expect(added.count <= 1)
                    #expect(try store.snapshot(of: "north").cohort.phaseIndex == before.cohort.phaseIndex)
                    #expect(try store.snapshot(of: "north").cohort.status == before.cohort.status)
                }
            }
            try checkInvariants(store: store, book: book, chargers: chargers)
        }
    }

    func checkInvariants(store: InMemoryStore, book: Playbook, chargers: [Charger]) throws {
        // 1. Every advance and completion was decided on a passing report.
        for e in store.journal {
            if case let .advanced(a) = e.event { #expect(a.evidence.result == .pass) }
            if case let .completed(c) = e.event { #expect(c.evidence.result == .pass) }
        }
        // 3. The state equals the journal replayed.
        #expect(try FleetState.replay(store.journal) == store.state)
        // 4. Every charger on exactly one known backend; rolled back → all on `from`.
        let snap = try store.snapshot(of: "north")
        #expect(snap.routes.count == chargers.count)
        #expect(snap.routes.values.allSatisfy { $0 == "legacy" || $0 == "target" })
        if snap.cohort.status == .rolledBack { #expect(snap.routes.values.allSatisfy { $0 == "legacy" }) }
        // Forward progress never moves a charger back: only rollback plans route to `from` after creation.
        for e in store.journal.dropFirst(3) {
            if case let .routeChanged(r) = e.event, r.backend == "legacy" {
                #expect(r.planRun?.contains("/rollback/") == true)
            }
        }
        // Status is always legal for the phase index.
        #expect(snap.cohort.phaseIndex >= 0 && snap.cohort.phaseIndex < book.phases.count)
    }
}
