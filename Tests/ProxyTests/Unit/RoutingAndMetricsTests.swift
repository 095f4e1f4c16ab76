import Testing
@testable import Proxy

/// The route book's lookups and diffs, the metrics' text, the one-shot value.
struct RoutingAndMetricsTests {
    @Test func lookups() {
        let book = RouteBook(unroutedTarget: nil)
        #expect(book.lookup("CP-01") == .unknown, "no table yet")
        book.replace(with: RouteTable(position: 3, routes: ["CP-01": L.legacy], fleet: ["CP-01", "CP-02"]))
        #expect(book.lookup("CP-01") == .route(L.legacy))
        #expect(book.lookup("CP-02") == .unrouted)
        #expect(book.lookup("CP-03") == .unknown)
        let withDefault = RouteBook(unroutedTarget: L.target)
        withDefault.replace(with: RouteTable(position: 3, routes: [:], fleet: ["CP-02"]))
        #expect(withDefault.lookup("CP-02") == .route(L.target))
    }

    @Test func replacingTheTableNamesTheChargersThatMoved() {
        let book = RouteBook(unroutedTarget: nil)
        #expect(book.replace(with: RouteTable(position: 1, routes: ["A": L.legacy, "B": L.legacy], fleet: ["A", "B", "C"])).isEmpty)
        let changed = book.replace(with: RouteTable(position: 2, routes: ["A": L.target, "B": L.legacy, "C": L.target], fleet: ["A", "B", "C"]))
        #expect(changed == ["A", "C"])
    }

    @Test func metricsAreThePrometheusTextFormat() {
        let metrics = ProxyMetrics()
        metrics.frame(backend: "le\"gacy", from: .charger)
        metrics.switchOutcome("done")
        let text = metrics.render(MetricGauges(connections: ["legacy": 3], legs: [:], switchesPending: 1, switchesAwaiting: 0,
                                               routePosition: 7, routeAgeSeconds: 0.25, recorderQueueBytes: 0, recorderDropped: 0, recorderWriteErrors: 0))
        #expect(text.contains("# TYPE migrate_proxy_connections gauge\nmigrate_proxy_connections{backend=\"legacy\"} 3\n"))
        #expect(text.contains(#"migrate_proxy_frames_total{backend="le\"gacy",direction="to_backend"} 1"#))
        #expect(text.contains("migrate_proxy_switches_total{outcome=\"done\"} 1\n"))
        #expect(text.contains("migrate_proxy_route_age_seconds 0.25\n"))
    }

    @Test func oneShotWaitsTimesOutAndIsSetOnce() async {
        let value = OneShot<Int>()
        #expect(await value.wait(timeout: .milliseconds(20)) == nil)
        Task { try? await Task.sleep(for: .milliseconds(20)); value.set(1) }
        #expect(await value.wait() == 1)
        #expect(!value.set(2) && value.value == 1)
    }
}
