import Engine
import Foundation
import Gates
@testable import Server
import Testing

/// A viewer against every write the server registers, read from the endpoint table (API and dashboard alike), so a
/// route added later is walked without touching this test: each is refused (403 with the token or session, 401
/// without), nothing changes, and the journal gains only `access-denied` entries naming the viewer, at most one per
/// route (the throttle counts the rest).
@Suite("Server: a viewer against every write route")
struct ViewerWriteTests {
    /// Writes anyone signed in may make (or that sign in): not refused to a viewer, on purpose.
    static let everyone: Set<String> = ["POST /dashboard/login", "POST /dashboard/logout"]

    /// A body every write accepts as far as its shape goes: were the role check missing, the write would happen.
    nonisolated(unsafe) static let body: [String: Any] = [
        "reason": "viewer tries", "note": "viewer tries", "role": "finance", "expect_phase": "pilot",
        "title": "viewer's issue", "severity": "low", "cohort": "north", "person": "zed", "name": "south",
        "playbook": Fixtures.open, "all": true, "segment": "model=X",
    ]

    @Test("every POST/PUT/DELETE of the endpoint table: viewer 403, no token 401, nothing changed but access-denied entries")
    func viewerWalksEveryWrite() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open)
        let setup = Invocation.simulated(actor: "setup", at: TestServer.now)
        let issue = try s.service.addIssue(IssueRecord(id: "", title: "slow boot", severity: .high, cohort: "north",
                                                       openedAt: TestServer.now, openedBy: "setup"), as: setup)
        let admin = try s.token("ada", "admin")
        let viewer = try s.token("vic", "viewer")
        let tokenID = try #require(try s.service.tokens().first { $0.person == "vic" }?.id)
        // The values of every path parameter; a route with a parameter not listed here fails below, saying which.
        let values: [String: [String]] = [
            "cohort": ["north"], "id": [issue.id, tokenID], "action": ActionKind.allCases.map(\.rawValue),
        ]

        let browser = DashboardClient(port: s.port)
        #expect(try await browser.login(viewer).status == 303)
        let csrf = try #require(DashboardClient.csrf(in: try await browser.get("/dashboard").body))

        func snapshot() async throws -> [String] {
            var out: [String] = []
            for path in ["/api/status", "/api/cohorts/north/gates", "/api/issues", "/api/fleet", "/api/tokens", "/api/routes"] {
                let r = try await s.request("GET", path, token: admin)
                #expect(r.status == 200, "\(path): \(r.body)")
                out.append(r.body)
            }
            return out
        }
        let before = try await snapshot()
        let head = try s.history().count

        let writes = s.server.endpoints.filter { !["GET", "HEAD"].contains($0.method.rawValue) }
        var walked = 0, routes = 0
        for endpoint in writes {
            let route = "\(endpoint.method.rawValue) \(endpoint.path)"
            if case .open = endpoint.access, !endpoint.path.hasPrefix("/dashboard") { continue } // /healthz and the like
            if Self.everyone.contains(route) { continue }
            let paths = try Self.expand(endpoint.path, values)
            routes += 1
            for path in paths {
                if endpoint.path.hasPrefix("/dashboard") {
                    var form = Self.body.compactMapValues { $0 as? String }
                    form["csrf"] = csrf
                    let refused = try await browser.post(path, form)
                    #expect(refused.status == 403, "viewer \(route) as \(path): \(refused.status) \(refused.body.prefix(300))")
                    let again = try await browser.post(path, form)
                    #expect(again.status == 403, "viewer again \(path): \(again.status)")
                    let anonymous = try await DashboardClient(port: s.port).post(path, form)
                    #expect(anonymous.status == 401 || (anonymous.status == 303 && anonymous.location?.hasPrefix("/dashboard/login") == true),
                            "no session \(path): \(anonymous.status)")
                } else {
                    let refused = try await s.request(endpoint.method.rawValue, path, token: viewer, json: Self.body)
                    #expect(refused.status == 403, "viewer \(route) as \(path): \(refused.status) \(refused.body)")
                    #expect(refused.header("Content-Type") == "application/problem+json", "\(path)")
                    #expect(refused.object["kind"] as? String == "forbidden", "\(path): \(refused.body)")
                    let again = try await s.request(endpoint.method.rawValue, path, token: viewer, json: Self.body)
                    #expect(again.status == 403 && again.object["entry"] == nil, "the same refusal within a minute is counted, not journaled: \(again.body)")
                    let anonymous = try await s.request(endpoint.method.rawValue, path, token: nil, json: Self.body)
                    #expect(anonymous.status == 401, "no token \(path): \(anonymous.status) \(anonymous.body)")
                    #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, "\(path)")
                }
                walked += 1
            }
        }
        // The table holds the writes the issues name; a table that lost them would make this test vacuous.
        #expect(routes >= 22, "only \(routes) write routes in the endpoint table")
        #expect(walked > routes, "every {action} of the dashboard walked")

        #expect(try await snapshot() == before, "a viewer's refused writes changed what the API reads")
        let gained = Array(try s.history().dropFirst(head))
        #expect(gained.allSatisfy { $0.kind == .accessDenied && $0.actor == "vic" },
                "only access-denied entries by vic: \(gained.map { "\($0.kind.rawValue) \($0.actor)" })")
        // One entry per route (the throttle is per person and route), whatever the path's parameters or repeats.
        #expect(gained.count == routes, "\(gained.count) access-denied entries for \(routes) routes")
        #expect(try s.service.verify().ok)
    }

    /// `path` with every `{name}` replaced by each of its values (all combinations).
    static func expand(_ path: String, _ values: [String: [String]]) throws -> [String] {
        var out = [""]
        for (i, part) in path.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            let choices: [String]
            if part.hasPrefix("{") && part.hasSuffix("}") {
                let name = String(part.dropFirst().dropLast())
                choices = try #require(values[name], "no test value for {\(name)} in \(path): add one to `values`")
            } else {
                choices = [String(part)]
            }
            out = out.flatMap { prefix in choices.map { i == 0 ? $0 : prefix + "/" + $0 } }
        }
        return out
    }
}
