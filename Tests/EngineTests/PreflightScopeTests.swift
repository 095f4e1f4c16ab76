import Engine
import Foundation
import Gates
import Playbook
import Testing

/// Scopes and the preflight: unhealthy chargers stay on `from`, and a share takes a healthy one instead.
@Suite struct PreflightScopeTests {
    let book: Playbook
    let chargers = mixedFleet(24)

    init() throws { book = try playbook(segmentPlaybook) }

    @Test func aShareTakesTheNextHealthyChargerOfTheSameModel() throws {
        let plain = ScopeResolver.select(.select(attributes: [], share: Percentage(50)), chargers: chargers, onTarget: [])
        // The first charger of model A the share would take, made unhealthy.
        let modelA = chargers.filter { $0.attributes["model"] == "A" }
        let ordered = ScopeResolver.candidates(of: .select(attributes: [], share: Percentage(50)), chargers: modelA, onTarget: [])
        let sick = try #require(ordered.first)
        let replacement = ordered[4] // 8 chargers of A: 4 wanted; the fifth comes in
        let candidates = ScopeResolver.candidates(of: book.phases[0].scope, chargers: chargers, onTarget: [])
        let events = CohortMachine.create(name: "north", playbook: book, digest: "d", content: "", selector: "--all", chargers: chargers,
                                          actor: "a", reason: "", preflight: preflight(candidates, unhealthy: [sick]))
        guard case let .routeChanged(moved) = events[2], case let .preflightHeld(held) = events[3] else { Issue.record("\(events)"); return }
        #expect(moved.chargers.count == plain.targets.count, "the share is still met")
        #expect(!moved.chargers.contains(sick))
        #expect(moved.chargers.contains(replacement))
        #expect(Set(moved.chargers) == plain.targets.subtracting([sick]).union([replacement]))
        #expect(held.chargers.map(\.charger) == [sick])
        #expect(held.chargers[0].reasons == ["drops 3 > 1 per charger day over 7d"])
        #expect(held.window != nil)
    }

    @Test func withoutEnoughHealthyChargersTheShareFallsShortRatherThanTakeAnUnhealthyOne() {
        let modelA = chargers.filter { $0.attributes["model"] == "A" }.map(\.id)
        let sick = Set(modelA.dropFirst(2))     // only two of eight healthy
        let candidates = ScopeResolver.candidates(of: book.phases[0].scope, chargers: chargers, onTarget: [])
        let events = CohortMachine.create(name: "north", playbook: book, digest: "d", content: "", selector: "--all", chargers: chargers,
                                          actor: "a", reason: "", preflight: preflight(candidates, unhealthy: sick))
        guard case let .routeChanged(moved) = events[2] else { Issue.record("\(events)"); return }
        #expect(moved.chargers.filter { modelA.contains($0) }.count == 2)
        #expect(Set(moved.chargers).isDisjoint(with: sick))
    }

    @Test func noPreflightEvidenceHoldsEveryCandidateBack() {
        let events = CohortMachine.create(name: "north", playbook: book, digest: "d", content: "", selector: "--all", chargers: chargers,
                                          actor: "a", reason: "", preflight: nil)
        #expect(events.count == 3, "created, everyone to legacy, the held-back entry; nobody to target")
        guard case let .preflightHeld(held) = events[2] else { Issue.record("\(events)"); return }
        #expect(held.chargers.allSatisfy { $0.reasons == ["no preflight evidence was gathered"] })
    }

    @Test func aPhaseWithoutPreflightTakesEveryone() {
        let events = CohortMachine.create(name: "north", playbook: try! playbook(simplePlaybook), digest: "d", content: "", selector: "--all",
                                          chargers: chargers, actor: "a", reason: "")
        #expect(!events.contains { $0.kind == .preflightHeld })
    }
}
