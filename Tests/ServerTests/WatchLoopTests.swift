import Adapters
import Application
import Engine
import Foundation
import Testing

/// The watch loop: a cohort left alone with a failing metric rolls back by itself, alerts once, and the journal
/// names the server's person; two servers on one store never both evaluate.
@Suite("Server: the watch loop and alerts")
struct WatchLoopTests {
    @Test("a failing cohort is rolled back by the watch loop and one alert reaches a real receiver")
    func rollsBackAndAlertsOnce() async throws {
        let receiver = try await AlertReceiver()
        // The cohort is there before the server starts: its very first pass rolls it back, and says so.
        let setup = try await TestServer()
        try await setup.prepare(playbook: Fixtures.failing, samples: Fixtures.failingSamples)
        await setup.stop()
        let s = try await TestServer(evaluateEvery: .milliseconds(200), alertWebhook: receiver.url, person: "watch-bot", sharing: setup)
        // Wait (at most 30 s) for the rollback and its alert, then let several more passes run.
        try await eventually { try s.service.cohorts().first?.status == .rolledBack && !receiver.received.isEmpty }
        try await Task.sleep(for: .seconds(1.5))
        await s.stop()
        await receiver.stop()

        #expect(try s.service.cohorts().first?.status == .rolledBack)
        let started = try #require(try s.history().first { $0.kind == .rollbackStarted })
        #expect(started.actor == "watch-bot")
        #expect(receiver.received.count == 1, "\(receiver.received.map { String(decoding: $0.body, as: UTF8.self) })")
        let alert = try #require(receiver.received.first)
        let body = try #require(try JSONSerialization.jsonObject(with: alert.body) as? [String: Any])
        let text = try #require(body["text"] as? String)
        #expect(text.contains("north") && text.contains("rollback started") && text.contains("fail"), "\(text)")
        #expect((body["attachments"] as? [[String: Any]])?.first?["fields"] != nil)
        #expect(Set((body["changes"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []) == ["rollback-started", "gates-changed"],
                "\(body)")
        #expect(alert.key == body["key"] as? String && alert.key?.hasPrefix("north:") == true)
        #expect(s.server.counters.alertsSent == 1)
        #expect(try s.service.verify().ok)
    }

    @Test("the evaluator lease: one holder at a time, taken over once it expires or is released")
    func lease() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lease-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("m.db").path
        let a = MigrationServiceFactory.make(path), b = MigrationServiceFactory.make(path)
        let t = TestServer.now
        #expect(try a.takeEvaluatorLease(holder: "A", now: t, ttl: 60))
        #expect(try !b.takeEvaluatorLease(holder: "B", now: t.addingTimeInterval(30), ttl: 60))
        #expect(try a.takeEvaluatorLease(holder: "A", now: t.addingTimeInterval(30), ttl: 60), "the holder renews")
        #expect(try !b.takeEvaluatorLease(holder: "B", now: t.addingTimeInterval(89), ttl: 60))
        #expect(try b.takeEvaluatorLease(holder: "B", now: t.addingTimeInterval(91), ttl: 60), "expired: another takes over")
        try b.releaseEvaluatorLease(holder: "B")
        #expect(try a.takeEvaluatorLease(holder: "A", now: t.addingTimeInterval(92), ttl: 60), "released: free at once")
    }

    @Test("two servers with watch loops on one store: only one evaluates")
    func twoServers() async throws {
        let one = try await TestServer(evaluateEvery: .milliseconds(100), person: "bot-1")
        let two = try await TestServer(evaluateEvery: .milliseconds(100), person: "bot-2", sharing: one)
        try await one.prepare(playbook: Fixtures.open)
        try await Task.sleep(for: .seconds(1.5))
        // Counted while both run: once one stops it gives the lease up and the other rightly takes over.
        let evaluated = [one, two].map { $0.server.counters.passesEvaluated }
        await one.stop()
        await two.stop()
        #expect(evaluated.filter { $0 > 0 }.count == 1, "\(evaluated)")
    }
}

import Application
import Store

enum MigrationServiceFactory {
    static func make(_ path: String) -> MigrationService {
        MigrationService(store: try! MigrateStore(path: path))
    }
}

@Suite("Server: playbook alerts")
struct PlaybookAlertTests {
    @Test("a playbook's alerts: webhook gets the alert signed with its secret_env, with the same idempotency key")
    func signedPlaybookAlert() async throws {
        let receiver = try await AlertReceiver()
        setenv("MIGRATE_TEST_ALERT_KEY", "s3cret", 1)
        let s = try await TestServer(evaluateEvery: .milliseconds(200), person: "watch-bot")
        let book = Fixtures.failing + "alerts:\n  - webhook: \(receiver.url.absoluteString)\n    secret_env: MIGRATE_TEST_ALERT_KEY\n"
        try await s.prepare(playbook: book, samples: Fixtures.failingSamples)
        try await eventually { !receiver.received.isEmpty }
        try await Task.sleep(for: .seconds(1))
        await s.stop()
        await receiver.stop()
        #expect(receiver.received.count == 1)
        let alert = try #require(receiver.received.first)
        #expect(WebhookSignature.verify(alert.signature ?? "", body: alert.body, secret: "s3cret"), "\(alert.signature ?? "no signature")")
        #expect(!WebhookSignature.verify(alert.signature ?? "", body: alert.body, secret: "other"))
    }
}

@Suite("Server: alerts for plan steps")
struct PlanStepAlertTests {
    static func book(_ rollback: String) -> String {
        Fixtures.failing.replacingOccurrences(of: "  rollback:\n    - route: legacy\n", with: "  rollback:\n    - route: legacy\n\(rollback)")
    }

    @Test("a rollback that waits at a manual step: one alert (rollback, gates, waiting); confirming through the API adds none")
    func manualStepWaiting() async throws {
        let receiver = try await AlertReceiver()
        let s = try await TestServer(evaluateEvery: .milliseconds(150), alertWebhook: receiver.url)
        try await s.prepare(playbook: Self.book("    - manual: Check every charger reconnected to legacy.\n"), samples: Fixtures.failingSamples)
        try await eventually { !receiver.received.isEmpty }
        try await Task.sleep(for: .seconds(1))
        #expect(receiver.received.count == 1)
        let kinds = try receiver.received.first.map { try JSONSerialization.jsonObject(with: $0.body) as? [String: Any] }??["changes"] as? [[String: Any]]
        #expect(Set(kinds?.compactMap { $0["kind"] as? String } ?? []) == ["rollback-started", "gates-changed", "waiting-for-confirmation"], "\(kinds ?? [])")
        let op = try s.token("olga", "operator")
        let confirmed = try await s.request("POST", "/api/cohorts/north/confirm", token: op, json: ["note": "all back"])
        #expect(confirmed.object["status"] as? String == "rolled-back", "\(confirmed.body)")
        try await Task.sleep(for: .seconds(1))
        await s.stop()
        await receiver.stop()
        #expect(receiver.received.count == 1, "nothing new to say after the confirmation")
    }

    @Test("a rollback step that fails is alerted once, naming the step")
    func failedStep() async throws {
        let receiver = try await AlertReceiver()
        let s = try await TestServer(evaluateEvery: .milliseconds(150), alertWebhook: receiver.url,
                                     outside: OutsideWorld(performer: PlanStepPerformer()))
        try await s.prepare(playbook: Self.book("    - run: [/bin/false]\n"), samples: Fixtures.failingSamples)
        try await eventually { !receiver.received.isEmpty }
        try await Task.sleep(for: .seconds(1.5))
        await s.stop()
        await receiver.stop()
        #expect(receiver.received.count == 1, "\(receiver.received.map { String(decoding: $0.body, as: UTF8.self) })")
        let text = receiver.received.first.map { String(decoding: $0.body, as: UTF8.self) } ?? ""
        #expect(text.contains("step-failed") && text.contains("step 2 failed"), "\(text)")
        #expect(try s.service.cohorts().first?.status == .rollingBack)
    }
}
