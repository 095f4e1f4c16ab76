import Application
import Engine
import Foundation
import Testing

/// The watch loop's last pass, on `GET /api/watch` and the dashboard's overview: when it ran, what it found and
/// what it did for each cohort.
@Suite("Server: the last evaluation, on the API and the overview")
struct WatchPassTests {
    @Test("a pass that rolls a failing cohort back: /api/watch and the overview say when, what it found and what it did")
    func rolledBack() async throws {
        let setup = try await TestServer()
        try await setup.prepare(playbook: Fixtures.failing, samples: Fixtures.failingSamples)
        await setup.stop()
        let s = try await TestServer(evaluateEvery: .milliseconds(200), person: "watch-bot", sharing: setup)
        defer { Task { await s.stop() } }
        let viewer = try s.token("vic", "viewer")
        try await eventually { s.server.counters.lastWatchChange != nil }

        let watch = try await s.request("GET", "/api/watch", token: viewer)
        #expect(watch.status == 200, "\(watch.body)")
        #expect(watch.object["every_seconds"] as? Double == 0.2)
        #expect((watch.object["passes"] as? [String: Int])?["evaluated"] ?? 0 >= 1, "\(watch.body)")
        let last = try #require(watch.object["last_pass"] as? [String: Any], "\(watch.body)")
        #expect(last["outcome"] as? String == "evaluated" && last["ended_at"] as? String == ISOTime.format(TestServer.now))
        let rollback = try #require(try s.history().first { $0.kind == .rollbackStarted })
        let change = try #require(watch.object["last_change"] as? [String: Any], "\(watch.body)")
        let north = try #require((change["cohorts"] as? [[String: Any]])?.first, "\(watch.body)")
        #expect(north["cohort"] as? String == "north" && north["did"] as? String == "rolled-back", "\(watch.body)")
        #expect(north["gates"] as? String == "fail" && north["failing"] as? [String] == ["success"], "\(watch.body)")
        #expect(north["status"] as? String == "rolled-back" && (north["entries"] as? [Int])?.contains(Int(rollback.seq)) == true, "\(watch.body)")
        #expect(change["alerts"] as? Int == 1, "the rollback is alerted (no webhook configured here, so nothing is sent)")

        let c = DashboardClient(port: s.port)
        _ = try await c.login(viewer)
        let overview = try await c.get("/dashboard")
        #expect(overview.status == 200)
        let section = try #require(overview.body.range(of: "id=\"watch-pass\"").map { String(overview.body[$0.lowerBound...]) })
        let watchHTML = String(section[..<(section.range(of: "</section>")?.lowerBound ?? section.endIndex)])
        #expect(watchHTML.contains("Last evaluation") && watchHTML.contains("datetime=\"\(ISOTime.format(TestServer.now))\""), "\(watchHTML)")
        #expect(watchHTML.contains("data-outcome=\"evaluated\""), "\(watchHTML)")
        #expect(watchHTML.contains("<strong>rolled-back</strong>") && watchHTML.contains("fail (failing: success)"), "\(watchHTML)")
        #expect(try s.service.cohorts().first?.status == .rolledBack)
    }

    @Test("the pass's outcome for each cohort: rolled back, unchanged or an error, from the evaluation's results")
    func outcomes() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.failing, samples: Fixtures.failingSamples, selector: CohortSelector(conditions: [("site", ["a"])]))
        try await s.prepare(playbook: Fixtures.open, fleet: nil, cohort: "south", selector: CohortSelector(conditions: [("site", ["b"])]))
        let clock = Invocation.simulated(actor: "watch-bot", at: TestServer.now)
        let results = try await s.service.evaluate(cohorts: nil, as: clock)
            + [EvaluationResult(cohort: "gone", transition: nil, error: MigrateError.unavailable("the store is away"))]
        let outcomes = WatchPassView.outcomes(results)
        #expect(outcomes.map(\.cohort) == ["north", "south", "gone"])
        #expect(outcomes.map(\.did) == ["rolled-back", "unchanged", "error"])
        #expect(outcomes[0].status == "rolled-back" && outcomes[0].gates == "fail" && outcomes[0].failing == ["success"])
        #expect(outcomes[0].entries == (try s.history().filter { $0.actor == "watch-bot" }.map(\.seq)))
        #expect(outcomes[1].status == "active" && outcomes[1].entries.isEmpty)
        #expect(outcomes[2].detail == "the store is away")
    }

    @Test("no watch loop: /api/watch says so, and the overview says no pass has run")
    func noWatchLoop() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        let viewer = try s.token("vic", "viewer")
        let watch = try await s.request("GET", "/api/watch", token: viewer)
        #expect(watch.status == 200 && watch.object["every_seconds"] is NSNull && watch.object["last_pass"] is NSNull, "\(watch.body)")
        #expect(try await s.request("GET", "/api/watch").status == 401)
        let c = DashboardClient(port: s.port)
        _ = try await c.login(viewer)
        #expect(try await c.get("/dashboard").body.contains("No watch pass has run on this server yet"))
    }

    @Test("a second server on the same store stands by, and says so")
    func standby() async throws {
        let one = try await TestServer(evaluateEvery: .milliseconds(100), person: "bot-1")
        let two = try await TestServer(evaluateEvery: .milliseconds(100), person: "bot-2", sharing: one)
        defer { Task { await one.stop(); await two.stop() } }
        try await eventually { [one, two].allSatisfy { $0.server.counters.lastWatchPass != nil } }
        let outcomes = Set([one, two].compactMap { $0.server.counters.lastWatchPass?.outcome })
        #expect(outcomes == ["evaluated", "standby"])
        let standing = try #require([one, two].first { $0.server.counters.lastWatchPass?.outcome == "standby" })
        let c = DashboardClient(port: standing.port)
        _ = try await c.login(try standing.token("vic", "viewer"))
        #expect(try await c.get("/dashboard").body.contains("another server holds the evaluator lease"))
    }
}
