import Engine
import Foundation
import Testing

/// The dashboard over real HTTP: the session cookie, CSRF on every POST, roles (the same as the API's), actions
/// journaled with the token's person, refusals shown with the state machine's reason, escaping.
@Suite("Server: dashboard over HTTP")
struct DashboardTests {
    @Test("login sets an HttpOnly, SameSite=Strict cookie (Secure behind TLS); a bad token and a forged login are refused; logout ends it")
    func login() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open)
        let v = try s.token("vic", "viewer")
        let anonymous = DashboardClient(port: s.port)
        let redirect = try await anonymous.get("/dashboard")
        #expect(redirect.status == 303 && redirect.location?.hasPrefix("/dashboard/login") == true)
        let bad = try await anonymous.login("mgt_not-a-token")
        #expect(bad.status == 401 && bad.body.contains("not known"))
        let forged = try await DashboardClient(port: s.port).post("/dashboard/login", ["token": v, "csrf": "x"])
        #expect(forged.status == 403)

        let c = DashboardClient(port: s.port)
        let ok = try await c.login(v)
        #expect(ok.status == 303 && ok.location == "/dashboard")
        let session = try #require(c.setCookies.first { $0.hasPrefix("migrate_session=") })
        #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict") && !session.contains("Secure"))
        let overview = try await c.get("/dashboard")
        #expect(overview.status == 200 && overview.body.contains("vic") && overview.body.contains("north"))

        let tls = DashboardClient(port: s.port)
        let form = try await tls.get("/dashboard/login", headers: [("X-Forwarded-Proto", "https")])
        _ = try await tls.post("/dashboard/login", ["token": v, "csrf": DashboardClient.csrf(in: form.body) ?? ""], headers: [("X-Forwarded-Proto", "https")])
        #expect(tls.setCookies.contains { $0.hasPrefix("migrate_session=mgt_") && $0.contains("Secure") })

        let out = try await c.post("/dashboard/logout", ["csrf": DashboardClient.csrf(in: overview.body) ?? ""])
        #expect(out.status == 303 && c.cookies["migrate_session"] == nil)
        #expect(try await c.get("/dashboard").status == 303)
    }

    @Test("a POST without this session's CSRF token is refused with 403 and changes nothing")
    func csrf() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open)
        let c = DashboardClient(port: s.port)
        _ = try await c.login(try s.token("olga", "operator"))
        let head = try s.history().count
        let none = try await c.post("/dashboard/cohorts/north/actions/advance", ["reason": "go"])
        #expect(none.status == 403 && none.body.contains("CSRF"))
        let other = DashboardClient(port: s.port)
        let page = try await other.get("/dashboard/login")
        _ = try await other.login(try s.token("ann", "operator"))
        let foreign = try await other.get("/dashboard")
        let wrong = try await c.post("/dashboard/cohorts/north/actions/advance", ["reason": "go", "csrf": DashboardClient.csrf(in: foreign.body) ?? ""])
        #expect(wrong.status == 403 && DashboardClient.csrf(in: page.body) != nil)
        #expect(try s.history().count == head + 1) // only ann's token-created entry
    }

    @Test("a viewer sees no action buttons and is refused (403, journaled) when posting an action with a valid CSRF token")
    func viewer() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open)
        let c = DashboardClient(port: s.port)
        _ = try await c.login(try s.token("vic", "viewer"))
        let page = try await c.get("/dashboard/cohorts/north")
        #expect(page.status == 200 && !page.body.contains("/actions/") && !page.body.contains("Add issue"))
        let confirm = try await c.get("/dashboard/cohorts/north/actions/advance")
        #expect(confirm.status == 403 && confirm.body.contains("the operator or admin role"))
        let post = try await c.post("/dashboard/cohorts/north/actions/rollback", ["reason": "no", "csrf": DashboardClient.csrf(in: page.body) ?? ""])
        #expect(post.status == 403)
        let denied = try s.history().last
        #expect(denied?.actor == "vic" && denied?.event.kind.rawValue == "access-denied")
        #expect(try await s.request("GET", "/api/cohorts/north", token: try s.token("x", "viewer")).object["phase"] as? String == "pilot")
    }

    @Test("advance refused while approvals are missing shows why; approve then advance through the forms journals the person")
    func approveAndAdvance() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open)
        let op = DashboardClient(port: s.port)
        _ = try await op.login(try s.token("olga", "operator"))
        var page = try await op.get("/dashboard/cohorts/north/actions/advance")
        var done = try await op.post("/dashboard/cohorts/north/actions/advance",
                                     ["reason": "pilot fine", "expect_phase": "pilot", "csrf": DashboardClient.csrf(in: page.body) ?? ""])
        #expect(done.status == 303)
        #expect(try s.history().last { $0.event.kind.rawValue == "advanced" }?.actor == "olga")

        page = try await op.get("/dashboard/cohorts/north/actions/advance")
        #expect(page.body.contains("Advance is not possible now") && page.body.contains("disabled"))
        let refused = try await op.post("/dashboard/cohorts/north/actions/advance",
                                        ["reason": "try", "expect_phase": "checkpoint", "csrf": DashboardClient.csrf(in: page.body) ?? ""])
        #expect(refused.status == 409 && refused.body.contains("Refused"), "\(refused.body)")

        let fin = DashboardClient(port: s.port)
        _ = try await fin.login(try s.token("fiona", "approver", approves: ["finance"]))
        let cohort = try await fin.get("/dashboard/cohorts/north")
        #expect(cohort.body.contains("Approve as finance") && !cohort.body.contains("actions/advance"))
        let approve = try await fin.get("/dashboard/cohorts/north/actions/approve?role=finance")
        done = try await fin.post("/dashboard/cohorts/north/actions/approve", ["role": "finance", "note": "budget ok", "csrf": DashboardClient.csrf(in: approve.body) ?? ""])
        #expect(done.status == 303)
        #expect(try s.history().last?.actor == "fiona")

        page = try await op.get("/dashboard/cohorts/north/actions/advance")
        #expect(!page.body.contains("Advance is not possible now"))
        done = try await op.post("/dashboard/cohorts/north/actions/advance",
                                 ["reason": "approved", "expect_phase": "checkpoint", "csrf": DashboardClient.csrf(in: page.body) ?? ""])
        #expect(done.status == 303)
        let api = try await s.request("GET", "/api/cohorts/north", token: try s.token("x", "viewer")).object
        #expect(api["phase"] as? String == "fleet")
    }

    @Test("rollback shows its dry run first, then rolls back; untrusted text is escaped")
    func rollbackAndEscaping() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open)
        let op = DashboardClient(port: s.port)
        _ = try await op.login(try s.token("olga", "operator"))
        let dry = try await op.get("/dashboard/cohorts/north/actions/rollback")
        #expect(dry.status == 200 && dry.body.contains("dry run") && dry.body.contains("route"))
        #expect(try s.history().last?.event.kind.rawValue == "token-created") // the dry run wrote nothing
        let done = try await op.post("/dashboard/cohorts/north/actions/rollback", ["reason": "<script>alert(1)</script>", "csrf": DashboardClient.csrf(in: dry.body) ?? ""])
        #expect(done.status == 303)
        let page = try await op.get("/dashboard/cohorts/north")
        #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.body.contains("<script>alert(1)"))
        #expect(page.body.contains("rolled-back"))

        let issue = try await op.post("/dashboard/issues", ["title": "CP-1 <b>bold</b>", "severity": "high", "cohort": "north",
                                                            "csrf": DashboardClient.csrf(in: page.body) ?? ""])
        #expect(issue.status == 303)
        let charger = try await op.get("/dashboard/chargers/CP-1")
        #expect(charger.status == 200 && charger.body.contains("CP-1 &lt;b&gt;bold&lt;/b&gt;") && charger.body.contains("Route history"))
        #expect(try await op.get("/dashboard/chargers/CP-404").status == 404)
    }

    @Test("a rollback waiting at a manual step shows the plan's steps and the confirm button; confirming through the form finishes it")
    func manualStep() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open.replacingOccurrences(of: "  rollback:\n    - route: legacy",
                                                                         with: "  rollback:\n    - manual: call <the> site\n    - route: legacy"))
        let op = DashboardClient(port: s.port)
        _ = try await op.login(try s.token("olga", "operator"))
        let dry = try await op.get("/dashboard/cohorts/north/actions/rollback")
        _ = try await op.post("/dashboard/cohorts/north/actions/rollback", ["reason": "site down", "csrf": DashboardClient.csrf(in: dry.body) ?? ""])
        let page = try await op.get("/dashboard/cohorts/north")
        #expect(page.body.contains("Plan: rollback (waiting-for-confirmation)") && page.body.contains("call &lt;the&gt; site") && page.body.contains("— <strong>now</strong>"),
                "\(page.body)")
        #expect(page.body.contains("actions/confirm"))
        let confirm = try await op.get("/dashboard/cohorts/north/actions/confirm")
        let done = try await op.post("/dashboard/cohorts/north/actions/confirm", ["note": "called", "csrf": DashboardClient.csrf(in: confirm.body) ?? ""])
        #expect(done.status == 303)
        #expect(try s.history().contains { $0.event.kind.rawValue == "confirmed" && $0.actor == "olga" })
        #expect(try await s.request("GET", "/api/cohorts/north", token: try s.token("x", "viewer")).object["status"] as? String == "rolled-back")
    }
}
