import Application
import Engine
import Foundation
import Store
import Testing

/// A viewer hammering a write: refused every time (403), journaled at most once a minute per person and route,
/// the rest counted on /metrics and folded into the next entry's `repeated`.
@Suite("Server: access-denied journaling is rate limited")
struct AccessDenialThrottleTests {
    static func denied(_ entries: [JournalEntry]) -> [(actor: String, event: JournalEvent.AccessDenied)] {
        entries.compactMap { e in if case let .accessDenied(p) = e.event { (e.actor, p) } else { nil } }
    }

    @Test("30 refused advances by one viewer: 30 × 403, one journal entry, 29 counted on /metrics; another route and person journal their own")
    func hammering() async throws {
        let s = try await TestServer()
        defer { Task { await s.stop() } }
        try await s.prepare(playbook: Fixtures.open)
        let viewer = try s.token("vic", "viewer"), other = try s.token("val", "viewer")
        let before = try s.history().count
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<30 {
                group.addTask { try await s.request("POST", "/api/cohorts/north/advance", token: viewer, json: ["reason": "let me"]).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 403, count: 30))
        var denied = Self.denied(try s.history())
        #expect(denied.count == 1 && denied.first?.actor == "vic" && denied.first?.event.repeated == nil)
        #expect(try s.history().count == before + 1)

        let again = try await s.request("POST", "/api/cohorts/north/advance", token: viewer, json: ["reason": "please"])
        #expect(again.status == 403 && again.object["entry"] == nil, "\(again.body)")
        #expect((again.object["detail"] as? String ?? "").contains("counted"), "\(again.body)")
        #expect(try await s.request("POST", "/api/cohorts/north/pause", token: viewer, json: ["reason": "x"]).status == 403)
        #expect(try await s.request("POST", "/api/cohorts/north/advance", token: other, json: ["reason": "x"]).status == 403)
        denied = Self.denied(try s.history())
        #expect(denied.map(\.actor) == ["vic", "vic", "val"])
        #expect(denied.map(\.event.request) == ["POST /api/cohorts/north/advance", "POST /api/cohorts/north/pause", "POST /api/cohorts/north/advance"])

        let metrics = try await s.request("GET", "/metrics")
        #expect(metrics.body.contains("\nmigrate_access_denied_unjournaled_total 30\n"), "\(metrics.body)")
        #expect(try s.service.verify().ok)
    }

    @Test("after the minute the next refusal is journaled with how many it stands for")
    func foldedIntoTheNextEntry() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("throttle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let service = MigrationService(store: try MigrateStore(path: dir.appendingPathComponent("m.db").path))
        let t0 = TestServer.now
        let token = try service.createToken(person: "vic", role: "viewer", approves: [], validFor: nil, as: .simulated(actor: "setup", at: t0))
        let vic = Principal(token.token)
        let throttle = AccessDenialThrottle(window: 60)
        func refuse(at seconds: Double, route: String = "POST /api/cohorts/{cohort}/advance") -> ForbiddenError? {
            do {
                try service.authorize(vic, .operate, request: "POST /api/cohorts/north/advance", route: route, cohort: "north",
                                      throttle: throttle, as: .simulated(actor: "server", at: t0.addingTimeInterval(seconds)))
                return nil
            } catch { return error as? ForbiddenError }
        }
        #expect(refuse(at: 0)?.entry != nil)
        for s in [1.0, 20, 59.9] { #expect(refuse(at: s)?.counted == true) }
        #expect(throttle.unjournaled == 3)
        let later = try #require(refuse(at: 61))
        #expect(later.entry != nil && !later.counted)
        #expect(refuse(at: 62)?.counted == true)
        #expect(refuse(at: 200)?.entry != nil)
        let denied = Self.denied(try service.history(of: nil))
        #expect(denied.map(\.event.repeated) == [nil, 3, 1])
        let history = try service.history(of: nil).filter { $0.kind == .accessDenied }.map(\.event.summary)
        #expect(history[1].hasSuffix("(3 more refusals of this person and route since the last entry, not journaled)"), "\(history)")
        #expect(!history[0].contains("more refusal"))
        #expect(denied.allSatisfy { $0.actor == "vic" })
        #expect(try service.verify().ok)
        // Without a throttle (the command line's use), every refused write is journaled.
        for _ in 0..<3 { _ = try? service.authorize(vic, .operate, request: "POST x", cohort: nil, as: .simulated(actor: "s", at: t0)) }
        #expect(Self.denied(try service.history(of: nil)).count == 6)
    }
}
