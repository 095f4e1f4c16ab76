import Engine
import Foundation
import Testing

/// Every API route over real HTTP, JSON shaped like the command line's `--json`, errors as problem+json.
@Suite("Server: routes over HTTP")
struct RouteTests {
    @Test("health, metrics and the API document need no token")
    func openEndpoints() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open)
        let health = try await s.request("GET", "/healthz")
        #expect(health.status == 200 && health.object["status"] as? String == "ok")
        let doc = try await s.request("GET", "/openapi.json")
        #expect(doc.object["openapi"] as? String == "3.1.0")
        let metrics = try await s.request("GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("migrate_cohort_status{cohort=\"north\",status=\"active\"} 1"), "\(metrics.body)")
        #expect(metrics.body.contains("migrate_cohort_chargers{backend=\"target\",cohort=\"north\"} 4"))
        #expect(metrics.body.contains("migrate_api_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"))
        // The failing fixture's metric gate, by name and result.
        let failing = try await TestServer()
        defer { Task { await failing.stop() } }
        try await failing.prepare(playbook: Fixtures.failing, samples: Fixtures.failingSamples)
        let text = try await failing.request("GET", "/metrics").body
        #expect(text.contains("migrate_gate_result{cohort=\"north\",gate=\"success\",kind=\"metric\",phase=\"pilot\",result=\"fail\"} 1"), "\(text)")
        #expect(text.contains("migrate_gates{cohort=\"north\",phase=\"pilot\",result=\"fail\"} 1"))
    }

    @Test("reads as a viewer: status, cohort, gates, history, segments, report, verify, routes, fleet, issues")
    func reads() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open)
        let v = try s.token("vic", "viewer")
        let status = try await s.request("GET", "/api/status", token: v)
        #expect(status.array.first?["cohort"] as? String == "north")
        let one = try await s.request("GET", "/api/cohorts/north", token: v).object
        for key in ["cohort", "playbook", "phase", "status", "chargers", "routes", "entered_at"] { #expect(one[key] != nil, "\(key) in \(one)") }
        #expect(try await s.request("GET", "/api/cohorts/north/gates", token: v).object["result"] as? String == "pass")
        let history = try await s.request("GET", "/api/cohorts/north/history", token: v).array
        #expect(history.first?["kind"] as? String == "created" && history.first?["actor"] as? String == "setup")
        #expect(try await s.request("GET", "/api/history", token: v).array.count >= history.count)
        #expect(try await s.request("GET", "/api/cohorts/north/segments", token: v).object["quarantined"] != nil)
        let md = try await s.request("GET", "/api/cohorts/north/report", token: v)
        #expect(md.status == 200 && md.header("Content-Type")?.hasPrefix("text/markdown") == true && md.body.contains("north"))
        let html = try await s.request("GET", "/api/cohorts/north/report?format=html", token: v)
        #expect(html.header("Content-Type")?.hasPrefix("text/html") == true && html.body.contains("<html"))
        #expect(try await s.request("GET", "/api/cohorts/north/report?format=pdf", token: v).status == 400)
        #expect(try await s.request("GET", "/api/verify", token: v).object["ok"] as? Bool == true)
        let routes = try await s.request("GET", "/api/routes?cohort=north", token: v).array
        #expect(routes.count == 4 && routes.first?["backend"] as? String == "target")
        #expect(try await s.request("GET", "/api/fleet", token: v).array.count == 4)
        #expect(try await s.request("GET", "/api/issues?open=true", token: v).array.isEmpty)
        let missing = try await s.request("GET", "/api/cohorts/south", token: v)
        #expect(missing.status == 404 && missing.object["kind"] as? String == "not-found", "\(missing.body)")
        #expect(try await s.request("GET", "/api/cohorts/south/history", token: v).status == 404)
        #expect(try await s.request("GET", "/api/nothing", token: v).status == 404)
    }

    @Test("writes as an operator: advance (refused 409 with evidence), pause, resume, rollback dry-run and real, restart, issues, imports")
    func writes() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open)
        let op = try s.token("olga", "operator")
        let admin = try s.token("ada", "admin")
        #expect(try await s.request("POST", "/api/cohorts/north/advance", token: op, json: ["reason": "ok"]).object["phase"] as? String == "checkpoint")
        let blocked = try await s.request("POST", "/api/cohorts/north/advance", token: op, json: ["reason": "no approvals yet"])
        #expect(blocked.status == 409 && blocked.object["kind"] as? String == "refused", "\(blocked.body)")
        #expect((blocked.object["transition"] as? [String: Any])?["gates"] != nil)
        #expect(try await s.request("POST", "/api/cohorts/north/pause", token: op, json: [:]).status == 400, "pause needs a reason")
        let pause = try await s.request("POST", "/api/cohorts/north/pause", token: op, json: ["reason": "look"])
        #expect(pause.object["status"] as? String == "paused", "\(pause.body)")
        #expect(try await s.request("POST", "/api/cohorts/north/resume", token: op, json: [:]).object["status"] as? String == "active")
        let dry = try await s.request("POST", "/api/cohorts/north/rollback", token: op, json: ["reason": "test", "dry_run": true])
        #expect(dry.object["kind"] as? String == "rollback" && (dry.object["steps"] as? [Any])?.count == 1, "\(dry.body)")
        #expect(try s.service.cohorts().first?.status == .active, "a dry run changes nothing")
        let rolled = try await s.request("POST", "/api/cohorts/north/rollback", token: op, json: ["reason": "test"])
        #expect(rolled.object["status"] as? String == "rolled-back", "\(rolled.body)")
        #expect(try await s.request("POST", "/api/cohorts/north/restart", token: op, json: ["reason": "again"]).object["phase"] as? String == "pilot")
        #expect(try await s.request("POST", "/api/cohorts/north/confirm", token: op, json: [:]).status == 409)
        #expect(try await s.request("POST", "/api/cohorts/north/evaluate", token: op).status == 200)
        #expect(try await s.request("POST", "/api/evaluate", token: op).array.first?["cohort"] as? String == "north")
        let issue = try await s.request("POST", "/api/issues", token: op, json: ["title": "slow starts", "severity": "high", "cohort": "north"])
        #expect(issue.status == 201 && issue.object["id"] as? String == "ISS-1", "\(issue.body)")
        #expect(try await s.request("POST", "/api/issues", token: op, json: ["title": "x", "severity": "urgent"]).status == 400)
        #expect(try await s.request("POST", "/api/issues/ISS-1/close", token: op, json: ["note": "fixed"]).object["closed_by"] as? String == "olga")
        #expect(try await s.request("POST", "/api/issues/ISS-9/close", token: op, json: [:]).status == 404)
        let csv = "id,title,severity,scope,cohort,owner,state,url,opened_at,closed_at\nGH-1,crash,critical,,,,open,,,\n"
        let imported = try await s.request("POST", "/api/issues/import?name=issues.csv&format=csv", token: op, body: csv)
        #expect(imported.object["opened"] as? Int == 1, "\(imported.body)")
        let samples = "time,charger,metric,value\n2026-11-02T10:00:00Z,CP-1,session.started,1\n"
        let metrics = try await s.request("POST", "/api/metrics/import?name=s.csv", token: op, body: samples)
        #expect(metrics.status == 200, "\(metrics.body)")
        let fleet = try await s.request("POST", "/api/fleet/import?name=more.csv", token: admin, body: "id,site\nCP-9,c\n")
        #expect(fleet.object["added"] as? Int == 1, "\(fleet.body)")
        let badFleet = try await s.request("POST", "/api/fleet/import", token: admin, body: "site\nx\n")
        #expect(badFleet.status == 400 && badFleet.header("Content-Type") == "application/problem+json", "\(badFleet.body)")
        let cohort = try await s.request("POST", "/api/cohorts", token: admin, json: ["name": "south", "playbook": Fixtures.open, "where": ["site=c"]])
        #expect(cohort.status == 201 && cohort.object["chargers"] as? Int == 1, "\(cohort.body)")
        let badBook = try await s.request("POST", "/api/cohorts", token: admin, json: ["name": "west", "playbook": "playbook: [", "all": true])
        #expect(badBook.status == 400, "\(badBook.body)")
        #expect(try await s.request("POST", "/api/cohorts/north/advance", token: op, body: "{not json").status == 400)
        #expect(try s.service.verify().ok)
        #expect(try s.history().filter { $0.actor == "olga" }.count >= 8)
    }

    @Test("eight concurrent advances through the API: exactly one transition, the others 409")
    func concurrentAdvances() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open)
        let tokens = try (0..<8).map { try s.token("op\($0)", "operator") }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for t in tokens {
                group.addTask { try await s.request("POST", "/api/cohorts/north/advance", token: t, json: ["reason": "go", "expect_phase": "pilot"]).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
        #expect(statuses.filter { $0 == 409 }.count == 7, "\(statuses)")
        #expect(try s.history().filter { $0.kind == .advanced }.count == 1)
        #expect(try s.service.cohorts().first?.phaseIndex == 1)
    }
}
