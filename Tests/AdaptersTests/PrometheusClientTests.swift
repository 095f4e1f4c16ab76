import Adapters
import Engine
import Foundation
import Gates
import Testing

/// Against a real Prometheus with known history (`.ci/prometheus.sh` starts one and exports
/// MIGRATE_TEST_PROMETHEUS_URL). Without that variable these tests are skipped, and CI's
/// `.ci/require-servers.sh` fails the run because the marker PROMETHEUS-TEST-RAN was not printed.
@Suite(.enabled(if: PrometheusFixture.url != nil, "MIGRATE_TEST_PROMETHEUS_URL is not set: run `eval \"$(.ci/prometheus.sh)\"` first"))
struct PrometheusServerTests {
    let client = try! PrometheusClient(url: PrometheusFixture.url ?? "http://127.0.0.1:9", timeout: 5)

    init() { print("PROMETHEUS-TEST-RAN against \(PrometheusFixture.url ?? "-")") }

    @Test func anInstantVectorOfOneSeries() async throws {
        #expect(try await client.instantQuery(#"charger_port_up{charger="CP-1"}"#, at: PrometheusFixture.at) == 1)
        let k = 720
        #expect(try await client.instantQuery(#"charger_port_up{charger="CP-2"}"#, at: PrometheusFixture.sample(k)) == PrometheusFixture.cp2(k))
    }

    @Test func aRenderedTemplateOverAWindowMatchesTheLoadedData() async throws {
        let window = EvidenceWindow(start: PrometheusFixture.at.addingTimeInterval(-3600), end: PrometheusFixture.at)
        let query = PrometheusTemplate.render(#"avg(avg_over_time(charger_port_up{charger=~"{{chargers}}"}[{{window}}]))"#,
                                              chargers: ["CP-1", "CP-2"], window: window, cohort: "north")
        let expectedCP2 = (661...720).map(PrometheusFixture.cp2).reduce(0, +) / 60
        let value = try await client.instantQuery(query, at: PrometheusFixture.at)
        #expect(abs(value - (1 + expectedCP2) / 2) < 1e-9)
    }

    @Test func aScalar() async throws {
        #expect(try await client.instantQuery(#"scalar(charger_port_up{charger="CP-1"}) + 1"#, at: PrometheusFixture.at) == 2)
    }

    @Test func noSeriesIsAnError() async throws {
        let error = await #expect(throws: PrometheusError.self) {
            try await client.instantQuery(#"charger_port_up{charger="CP-404"}"#, at: PrometheusFixture.at)
        }
        #expect(error?.message.contains("returned no series") == true)
    }

    @Test func severalSeriesIsAnError() async throws {
        let error = await #expect(throws: PrometheusError.self) {
            try await client.instantQuery(#"charger_port_up{charger="CP-3"}"#, at: PrometheusFixture.at)
        }
        #expect(error?.message.contains("returned 2 series; a gate needs exactly one") == true)
    }

    @Test func nanIsAnError() async throws {
        let error = await #expect(throws: PrometheusError.self) { try await client.instantQuery("0/0", at: PrometheusFixture.at) }
        #expect(error?.message.contains("NaN") == true)
    }

    @Test func aBadQueryCarriesPrometheusErrorText() async throws {
        let error = await #expect(throws: PrometheusError.self) { try await client.instantQuery("sum(", at: PrometheusFixture.at) }
        #expect(error?.message.contains("refused the query: bad_data") == true, "\(error?.message ?? "")")
    }

    @Test func aRangeVectorIsAnError() async throws {
        let error = await #expect(throws: PrometheusError.self) {
            try await client.instantQuery(#"charger_port_up{charger="CP-1"}[5m]"#, at: PrometheusFixture.at)
        }
        #expect(error?.message.contains("matrix") == true)
    }

    @Test func aLongQueryGoesByPost() async throws {
        let ids = ["CP-1"] + (0..<3000).map { "CP-X\($0)" }
        let window = EvidenceWindow(start: PrometheusFixture.at.addingTimeInterval(-3600), end: PrometheusFixture.at)
        let query = PrometheusTemplate.render(#"avg(avg_over_time(charger_port_up{charger=~"{{chargers}}"}[{{window}}]))"#,
                                              chargers: ids, window: window, cohort: "north")
        #expect(try await client.instantQuery(query, at: PrometheusFixture.at) == 1)
    }
}

/// Failures that need no Prometheus: nothing listening, and a server that never answers.
@Suite struct PrometheusUnreachableTests {
    @Test func aClosedPortSaysNotReachable() async throws {
        let port = try SilentServer.unusedPort()
        let client = try PrometheusClient(url: "http://127.0.0.1:\(port)", timeout: 2)
        let error = await #expect(throws: PrometheusError.self) { try await client.instantQuery("up", at: Date()) }
        #expect(error?.message.contains("is not reachable") == true, "\(error?.message ?? "")")
    }

    @Test func aSilentServerTimesOut() async throws {
        let server = try SilentServer()
        defer { server.close() }
        let client = try PrometheusClient(url: "http://127.0.0.1:\(server.port)", timeout: 1)
        let started = Date()
        let error = await #expect(throws: PrometheusError.self) { try await client.instantQuery("up", at: Date()) }
        #expect(error?.message == "Prometheus at http://127.0.0.1:\(server.port) did not answer within 1s")
        // The message proves the configured timeout ended the query. No wall-clock bound: timers may be late
        // while blocking tests running in parallel hold the cooperative threads.
        _ = started
    }

    @Test func aURLThatIsNotHTTPIsRefused() {
        #expect(throws: PrometheusError.self) { try PrometheusClient(url: "ftp://example.net") }
    }
}
