import Foundation
import Testing

/// Several operators advancing the same cohort at once: exactly one transition.
@Suite("Concurrent advances")
struct ConcurrencyTests {
    @Test("N processes advance the same cohort at once: one wins, the others are refused", arguments: [2, 8])
    func racingAdvances(processes: Int) async throws {
        let box = try Sandbox()
        try await box.setUp(chargers: 60)
        let before = try await box.journalCount()
        let later = Sandbox.hoursAfterT0(2)   // pilot's 1h soak is over, no issues: every gate passes
        // Start them all, then wait for them all.
        let running = try (0..<processes).map { i in try box.launch(["advance", "north", "--reason", "race \(i)"], now: later, actor: "op\(i)") }
        var results: [RunResult] = []
        for r in running { results.append(await r.wait()) }

        let winners = results.filter { $0.status == 0 }
        let losers = results.filter { $0.status != 0 }
        #expect(winners.count == 1, "exactly one advance succeeds: \(results)")
        for r in losers {
            #expect(r.status == 3, "a losing advance exits 3 (refused): \(r)")
            let said = r.stderr.lowercased()
            #expect(said.contains("already moved") || said.contains("refused"), "the loser says why: \(r)")
            if said.contains("already moved") {
                // CohortMovedError names who moved it and where to look.
                #expect(said.contains("north") && said.contains("journal entry"), "\(r)")
                // The winner's transition was an `advance`; the message should say so, not name its route change.
                #expect(said.contains("advanced by"), "\(r)")
            }
        }
        #expect(results.allSatisfy { !$0.signaled })

        let history = try await box.history("north")
        let advanced = entries(history, kind: "advanced")
        #expect(advanced.count == 1, "one advanced entry: \(advanced)")
        #expect(advanced.first?["from"] as? String == "pilot")
        #expect(advanced.first?["to"] as? String == "wave")
        // Every loser left at most a `blocked` entry (refused by gates of the new phase); nothing else.
        let after = try await box.journalCount()
        let blocked = entries(history, kind: "blocked").count
        let routeChanges = entries(history, kind: "route-changed").count
        // created + 2 route changes at creation, then advanced + its route change, plus one blocked per refused-by-gates loser.
        #expect(routeChanges == 3)
        #expect(after - before == 2 + blocked, "journal grew by the transition, its route change and \(blocked) blocked entries")
        #expect(blocked <= losers.count)

        let status = try await box.status("north")
        #expect(status["phase"] as? String == "wave")
        #expect(status["status"] as? String == "active")
        // 50% of each model's 15 chargers, rounded up, the pilot's site s1 counting toward it: 4 × 8.
        #expect((status["routes"] as? [String: Any])?["target"] as? Int == 32, "\(status)")
        _ = try await box.verify()
    }

    /// Approvals commute: two people approving at the same moment should both count.
    /// BUG: approve appends with the cohort-version check, so simultaneous approvals by different people are refused
    /// ("cohort c already moved: approved by p4"), exit 3. Repro: 6 × `migrate approve c --role operations --actor pN &`.
    @Test("distinct people approving at the same moment: every approval is recorded")
    func racingApprovals() async throws {
        let box = try Sandbox()
        try await box.setUp(chargers: 30, playbook: "two-roles.yaml")
        let running = try (0..<6).map { i in try box.launch(["approve", "north", "--role", i % 2 == 0 ? "operations" : "support"], actor: "person\(i)") }
        var results: [RunResult] = []
        for r in running { results.append(await r.wait()) }
        for r in results { #expect(r.status == 0 || r.status == 3, "\(r)") }
        let approved = entries(try await box.history("north"), kind: "approved")
        #expect(approved.count == results.filter { $0.status == 0 }.count, "each success is one entry, each refusal none")
        _ = try await box.verify()
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.filter { $0.status != 0 })")
        #expect(approved.count == 6)
    }

    @Test("advance, rollback and pause racing on one cohort: each transition at most once, the store consistent")
    func mixedRace() async throws {
        let box = try Sandbox()
        try await box.setUp(chargers: 60)
        let later = Sandbox.hoursAfterT0(2)
        let commands: [[String]] = [
            ["advance", "north"], ["rollback", "north", "--reason", "r1"], ["pause", "north", "--reason", "p1"],
            ["advance", "north"], ["rollback", "north", "--reason", "r2"], ["pause", "north", "--reason", "p2"],
        ]
        let running = try commands.enumerated().map { i, args in try box.launch(args, now: later, actor: "op\(i)") }
        var results: [RunResult] = []
        for r in running { results.append(await r.wait()) }
        for r in results { #expect(r.status == 0 || r.status == 3, "done or refused, never an error: \(r)") }
        #expect(results.contains { $0.status == 0 }, "someone wins: \(results)")

        let history = try await box.history("north")
        #expect(entries(history, kind: "advanced").count <= 1)
        #expect(entries(history, kind: "rollback-started").count <= 1)
        #expect(entries(history, kind: "rolled-back").count <= 1)
        #expect(entries(history, kind: "paused").count <= 1)
        _ = try await box.verify()
        let s = try await box.status("north")
        let status = try #require(s["status"] as? String)
        let phase = try #require(s["phase"] as? String)
        let routes = try await box.routeMap(cohort: "north")
        let targets = counts(routes)["target"] ?? 0
        // Nothing half-applied: the pilot's 20 (site s1), the wave's 32 (50% of each model's 15, rounded up: 4 × 8),
        // or none after the rollback's route step.
        switch status {
        case "rolled-back": #expect(targets == 0, "\(s)")
        case "rolling-back": #expect([0, 20, 32].contains(targets), "\(s)")
        default: #expect(targets == (phase == "pilot" ? 20 : 32), "\(s) with \(targets) on target")
        }
        if status == "rolling-back" {
            // A plan interrupted by a racing command is carried on by running rollback again.
            try await box.ok(["rollback", "north", "--reason", "carry on"], now: later)
            #expect(try await box.status("north")["status"] as? String == "rolled-back")
            #expect(try await box.routeMap(cohort: "north").values.allSatisfy { $0 == "legacy" })
            _ = try await box.verify()
        }
    }
}
