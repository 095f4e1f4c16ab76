import Engine
import Foundation
import Playbook
import Testing

/// 401 without a valid token, 403 without the role (refused writes journaled with who tried), for every role.
@Suite("Server: tokens and roles over HTTP")
struct AuthTests {
    @Test("no token, a malformed header, an unknown, a revoked and an expired token: 401 problem+json")
    func unauthenticated() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        let good = try s.token("alice", "viewer")
        let revoked = try s.token("bob", "viewer")
        let bobID = try #require(try s.service.tokens().first { $0.person == "bob" }?.id)
        _ = try s.service.revokeToken(bobID, as: .simulated(actor: "setup", at: TestServer.now))
        // Valid for a minute from `now`: the server's clock is `now`, so it is still valid; one created an hour back is not.
        let expired = try s.service.createToken(person: "eve", role: "admin", approves: [], validFor: .init(parsing: "1m"),
                                                as: .simulated(actor: "setup", at: TestServer.now.addingTimeInterval(-3600))).secret
        #expect(try await s.request("GET", "/api/status", token: good).status == 200)
        for (token, why) in [(nil, "required"), ("mgt_nope", "not known"), (revoked, "revoked"), (expired, "expired")] as [(String?, String)] {
            let r = try await s.request("GET", "/api/status", token: token)
            #expect(r.status == 401, "\(why): \(r.body)")
            #expect(r.header("Content-Type") == "application/problem+json")
            #expect(r.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect((r.object["detail"] as? String)?.contains(why) == true, "\(r.body)")
        }
        var bad = try await s.request("GET", "/api/status", token: nil)
        #expect(bad.status == 401)
        bad = try await s.request("GET", "/api/status", token: "x y")
        #expect(bad.status == 401)
    }

    /// Each write and who may do it.
    nonisolated(unsafe) static let writes: [(method: String, path: String, body: [String: Any], allowed: Set<String>)] = [
        ("POST", "/api/cohorts/north/advance", ["reason": "go", "dry_run": true], ["operator", "admin"]),
        ("POST", "/api/cohorts/north/pause", ["reason": "look", "dry_run": true], ["operator", "admin"]),
        ("POST", "/api/cohorts/north/rollback", ["reason": "look", "dry_run": true], ["operator", "admin"]),
        ("POST", "/api/cohorts/north/evaluate", [:], ["operator", "admin"]),
        ("POST", "/api/issues", ["title": "slow", "severity": "low"], ["operator", "admin"]),
        ("POST", "/api/cohorts/north/approve", ["role": "finance"], ["approver"]),
        ("POST", "/api/tokens", ["person": "zed", "role": "viewer"], ["admin"]),
        ("GET", "/api/tokens", [:], ["admin"]),
        ("POST", "/api/cohorts", ["name": "south", "playbook": Fixtures.open, "all": true], ["admin"]),
    ]

    @Test("every role against every write: 403 and an access-denied entry naming the person, or allowed",
          arguments: ["viewer", "operator", "approver", "admin"])
    func roles(role: String) async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open)
        let token = try s.token("pat-\(role)", role, approves: role == "approver" ? ["finance"] : [])
        for w in Self.writes {
            let before = try s.history().count
            let r = try await s.request(w.method, w.path, token: token, json: w.method == "GET" ? nil : w.body)
            if w.allowed.contains(role) {
                #expect(r.status != 403 && r.status != 401 && r.status < 500, "\(role) \(w.path): \(r.status) \(r.body)")
            } else {
                #expect(r.status == 403, "\(role) \(w.path): \(r.status) \(r.body)")
                #expect(r.header("Content-Type") == "application/problem+json")
                let entries = try s.history()
                if w.method == "GET" {
                    #expect(entries.count == before, "a refused read is not journaled")
                } else {
                    let denied = try #require(entries.last, "\(w.path)")
                    #expect(denied.kind == .accessDenied)
                    #expect(denied.actor == "pat-\(role)")
                    #expect(entries.count == before + 1)
                    #expect(r.object["entry"] as? Int == Int(denied.seq))
                }
            }
        }
    }

    @Test("an approver approves only in the roles its token names; the journal's actor is the token's person")
    func approverRoles() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open)
        let op = try s.token("olga", "operator")
        #expect(try await s.request("POST", "/api/cohorts/north/advance", token: op, json: ["reason": "pilot done"]).status == 200)
        let finance = try s.token("fiona", "approver", approves: ["finance"])
        let support = try s.token("sam", "approver", approves: ["support"])
        let refused = try await s.request("POST", "/api/cohorts/north/approve", token: support, json: ["role": "finance"])
        #expect(refused.status == 403, "\(refused.body)")
        // Headers a proxy or client might set to name someone else are not read: the actor is the token's person.
        let spoofed = [("X-Actor", "mallory"), ("X-Migrate-Actor", "mallory"), ("X-Forwarded-User", "mallory"), ("X-Remote-User", "mallory")]
        let ok = try await s.request("POST", "/api/cohorts/north/approve", token: finance,
                                     json: ["role": "finance", "note": "budget ok", "actor": "mallory"], headers: spoofed)
        #expect(ok.status == 200, "\(ok.body)")
        let approved = try #require(try s.history().last)
        #expect(approved.kind == .approved && approved.actor == "fiona")
        // The client cannot choose the actor: a header or body field naming someone else changes nothing.
        let advanced = try await s.request("POST", "/api/cohorts/north/advance", token: op, json: ["reason": "approved", "actor": "mallory"],
                                           headers: spoofed)
        #expect(advanced.status == 200, "\(advanced.body)")
        #expect(try s.history().last { $0.kind == .advanced }?.actor == "olga")
    }

    @Test("tokens through the API: created once with the secret, listed without it, revoked")
    func tokensAPI() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        let admin = try s.token("ada", "admin")
        let created = try await s.request("POST", "/api/tokens", token: admin, json: ["person": "vic", "role": "viewer", "expires": "30d"])
        #expect(created.status == 201, "\(created.body)")
        let secret = try #require(created.object["token"] as? String)
        let id = try #require(created.object["id"] as? String)
        #expect(try await s.request("GET", "/api/me", token: secret).object["person"] as? String == "vic")
        let list = try await s.request("GET", "/api/tokens", token: admin)
        #expect(list.array.count == 2 && !list.body.contains(secret) && !list.body.contains("hash"))
        let adaID = try #require(try s.service.tokens().first { $0.person == "ada" }?.id)
        #expect(try await s.request("DELETE", "/api/tokens/\(adaID)", token: admin).status == 409, "a token does not revoke itself")
        #expect(try await s.request("DELETE", "/api/tokens/\(id)", token: admin).status == 200)
        #expect(try await s.request("GET", "/api/me", token: secret).status == 401)
        #expect(try await s.request("DELETE", "/api/tokens/\(id)", token: admin).status == 409)
        #expect(try await s.request("POST", "/api/tokens", token: admin, json: ["person": "x", "role": "boss"]).status == 400)
        #expect(try s.service.verify().ok)
    }
}
