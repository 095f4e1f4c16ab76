import Adapters
import Application
import Engine
import Foundation
import Hummingbird
import HTTPTypes
import Logging
import ServiceLifecycle
import Testing

/// A Prometheus that never answers in time does not stall the watch loop: its gate is pending, the other
/// cohorts are judged and acted on.
@Suite("Server: a slow Prometheus")
struct SlowPrometheusTests {
    @Test("a cohort judged by a Prometheus that answers after 300 s stays pending; a failing cohort is still rolled back before it answers")
    func slowPrometheusDoesNotStall() async throws {
        let prometheus = try await SlowPrometheus()
        let outside = OutsideWorld(prometheus: { url in try PrometheusClient(url: url, timeout: 0.3) })
        let s = try await TestServer(evaluateEvery: .milliseconds(200), person: "watch-bot", outside: outside)
        let slowBook = """
            playbook: slow
            version: 1
            backends:
              legacy: ws://legacy.example.net/ocpp
              target: ws://target.example.net/ocpp
            from: legacy
            to: target
            prometheus: { url: "http://127.0.0.1:\(prometheus.port)" }
            metrics:
              errors:
                prometheus: 'sum(errors{cohort="{{cohort}}"})'
            phases:
              - name: pilot
                scope: all
                gates:
                  - metric: errors
                    at_most: 5
                on_fail: rollback
              - name: fleet
                scope: all
            plans:
              rollback:
                - route: legacy

            """
        // The slow cohort first: every pass asks its Prometheus before judging the failing one.
        try await s.prepare(playbook: slowBook, cohort: "slow", selector: CohortSelector(conditions: [("site", ["b"])]))
        try await s.prepare(playbook: Fixtures.failing, fleet: nil, samples: Fixtures.failingSamples, cohort: "north",
                            selector: CohortSelector(conditions: [("site", ["a"])]))
        let started = ContinuousClock.now
        // The slow Prometheus answers after 300 s: a rollback before that did not wait on it. The bound is far from the
        // client's 0.3 s timeout on purpose: on a loaded 2-core machine a pass can take seconds.
        while ContinuousClock.now - started < .seconds(240), try s.service.cohorts().first(where: { $0.name == "north" })?.status != .rolledBack {
            try await Task.sleep(for: .milliseconds(100))
        }
        let took = ContinuousClock.now - started
        await s.stop()
        await prometheus.stop()
        let cohorts = try s.service.cohorts()
        #expect(cohorts.first { $0.name == "north" }?.status == .rolledBack, "took \(took)")
        #expect(took < .seconds(240), "the failing cohort waited on the slow Prometheus: \(took)")
        #expect(cohorts.first { $0.name == "slow" }?.status == .active, "no answer is no evidence: pending, not a rollback")
        #expect(prometheus.queries > 0, "the slow cohort's gate asked Prometheus")
        #expect(!(try s.history().contains { $0.cohort == "slow" && $0.kind == .rollbackStarted }))
    }
}

/// An HTTP server on loopback that takes 300 s to answer any Prometheus query.
final class SlowPrometheus: Sendable {
    private let server: LoopbackServer
    var port: Int { server.port }
    private let counter = Counter()

    var queries: Int { counter.value }

    init() async throws {
        let router = Router()
        let counter = self.counter
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/api/v1/query", method: method) { _, _ -> String in
                counter.increment()
                try await Task.sleep(for: .seconds(300))
                return #"{"status":"success","data":{"resultType":"vector","result":[]}}"#
            }
        }
        server = await LoopbackServer.start(label: "slow-prometheus", router: router)
    }

    func stop() async { await server.stop(cancel: true) }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func increment() { lock.withLock { n += 1 } }
        var value: Int { lock.withLock { n } }
    }
}
