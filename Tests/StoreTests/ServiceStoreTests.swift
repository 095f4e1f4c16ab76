import Application
import Engine
import Foundation
import Testing

/// What `migrate serve` needs of a store, on both backends: tokens projected from the journal and verified, the
/// evaluator lease (one holder at a time, across store connections, as across servers), alert states swapped once.
@Suite struct ServiceStoreTests {
    @Test(arguments: Backend.all)
    func tokensAreJournaledProjectedAndVerified(backend: Backend) throws {
        let t = try TemporaryStore(backend)
        let issued = try t.service.createToken(person: "alice", role: "admin", approves: [], validFor: nil, as: t.by())
        #expect(try t.service.authenticate(bearer: issued.secret, at: t0).person == "alice")
        _ = try t.service.revokeToken(issued.token.id, as: t.by("bob"))
        #expect(try t.service.tokens().first?.revokedAt != nil)
        #expect(try t.store.verify().ok)
        try t.backing.tamper("UPDATE tokens SET role = 'viewer'")
        #expect(try t.store.verify().problem?.contains("token \(issued.token.id)") == true)
    }

    @Test(arguments: Backend.all)
    func oneLeaseHolderAtATimeAcrossConnections(backend: Backend) throws {
        let t = try TemporaryStore(backend)
        guard let a = t.store as? any ServiceStoring, let b = try t.backing.reopen() as? any ServiceStoring else {
            Issue.record("the \(backend) store does not serve"); return
        }
        #expect(try a.acquireLease("evaluator", holder: "A", now: t0, ttl: 60))
        #expect(try !b.acquireLease("evaluator", holder: "B", now: t0.addingTimeInterval(30), ttl: 60))
        #expect(try a.acquireLease("evaluator", holder: "A", now: t0.addingTimeInterval(30), ttl: 60), "the holder renews")
        #expect(try !b.acquireLease("evaluator", holder: "B", now: t0.addingTimeInterval(89), ttl: 60))
        #expect(try b.acquireLease("evaluator", holder: "B", now: t0.addingTimeInterval(91), ttl: 60), "expired: another takes over")
        try b.releaseLease("evaluator", holder: "B")
        #expect(try a.acquireLease("evaluator", holder: "A", now: t0.addingTimeInterval(92), ttl: 60), "released: free at once")
        #expect(try a.swapAlertState("gate", to: "fail", at: t0) == nil)
        #expect(try b.swapAlertState("gate", to: "fail", at: t0) == "fail")
        #expect(try a.swapAlertState("gate", to: "pass", at: t0) == "fail")
    }

    @Test(.disabled(if: Backend.postgresURL == nil, Comment(rawValue: Backend.postgresMissing)))
    func racingServersTakeTheLeaseOnce() async throws {
        let t = try TemporaryStore(.postgres)
        let stores = try (0..<6).map { _ in try #require(try t.backing.reopen() as? any ServiceStoring) }
        let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for (k, s) in stores.enumerated() {
                group.addTask { try s.acquireLease("evaluator", holder: "server-\(k)", now: t0, ttl: 60) }
            }
            var n = 0
            for try await g in group where g { n += 1 }
            return n
        }
        #expect(granted == 1)
    }
}
