import Foundation
import Testing

/// Batches, graceful shutdown, the operations endpoint, refusals.
@Suite(.serialized, .enabled(if: Peers.available, Peers.reason))
struct OperationsTests {
    @Test func switchesRespectTheBatchLimit() async throws {
        try await scenario("batch") { rig in
            let ids = chargerIDs(10)
            try await rig.fleet(ids, pilot: [])
            let proxy = try await rig.startProxy(["--batch", "3", "--batch-interval", "1s"])
            let chargers = try rig.chargers(ids)
            for id in ids { try await chargers.waitForAnswer("StatusNotification", id) }
            try await rig.advance() // prepare → pilot: nobody
            try await rig.advance() // pilot → fleet: all ten
            try await eventually("all ten moved", timeout: .seconds(40)) { ids.allSatisfy { !proxy.switches($0, "done").isEmpty } }
            let closes = proxy.switches().filter { $0["switch"] as? String == "closed" }.compactMap { $0["time"] as? String }.map(millis).sorted()
            #expect(closes.count == 10)
            for (i, start) in closes.enumerated() {
                let inWindow = closes[i...].prefix { $0 - start < 1000 }.count
                #expect(inWindow <= 3, "at most 3 closes within any second (from \(start): \(inWindow))")
            }
            #expect(closes.last! - closes.first! >= 3000, "10 chargers at 3 a second take at least 3 windows")
            #expect(rig.target.connectedChargers() == Set(ids))
        }
    }

    @Test func sigtermClosesEveryChargerWith1012AndRecordsIt() async throws {
        try await scenario("sigterm") { rig in
            let ids = chargerIDs(3)
            try await rig.fleet(ids, pilot: [])
            let proxy = try await rig.startProxy()
            let chargers = try rig.chargers(ids, extra: ["--reconnect-delay", "5"])
            for id in ids { try await chargers.waitForAnswer("StatusNotification", id) }
            proxy.process.signal(SIGTERM)
            let status = try await proxy.process.waitForExit(timeout: .seconds(20))
            #expect(status == 0, "a graceful shutdown exits 0")
            for id in ids {
                let closed = try await chargers.waitFor("closed", id)
                #expect(closed["code"] as? Int == 1012)
                let last = proxy.frames().last { $0["charger"] as? String == id }
                #expect(last?["event"] as? String == "disconnected" && last?["initiator"] as? String == "router" && last?["reason"] as? String == "shutdown")
            }
            #expect(rig.legacy.records().filter { $0["event"] as? String == "disconnected" }.count == 3, "the backends saw the chargers leave")
        }
    }

    @Test func healthMetricsAndRefusals() async throws {
        try await scenario("ops") { rig in
            try await rig.fleet(["CP-01", "CP-02"], pilot: [])
            let csv = rig.directory.appendingPathComponent("more.csv")
            try "id,pilot\nCP-99,no\n".write(to: csv, atomically: true, encoding: .utf8)
            try await rig.migrate(["fleet", "import", csv.path])
            let proxy = try await rig.startProxy()
            let health = try await proxy.get("/healthz")
            #expect(health.status == 200)
            #expect(jsonObject(health.body)?["status"] as? String == "ok")
            #expect((try await proxy.get("/nowhere")).status == 404)

            let chargers = try rig.chargers(["CP-01", "NOT-IN-FLEET", "CP-99"])
            try await chargers.waitForAnswer("StatusNotification", "CP-01")
            let unknown = try await chargers.waitFor("refused", "NOT-IN-FLEET")
            #expect(unknown["status"] as? Int == 404, "a charger not in the fleet is refused")
            let unrouted = try await chargers.waitFor("refused", "CP-99")
            #expect(unrouted["status"] as? Int == 404, "a fleet charger in no cohort is refused unless --unrouted-backend says where")
            #expect(!rig.legacy.connectedChargers().contains("NOT-IN-FLEET"))
            #expect((try await proxy.metric("migrate_proxy_refused_total{reason=\"unknown\"}") ?? 0) >= 1)
            #expect((try await proxy.metric("migrate_proxy_refused_total{reason=\"unrouted\"}") ?? 0) >= 1)
            let (_, metrics) = try await proxy.get("/metrics")
            for family in ["migrate_proxy_connections", "migrate_proxy_frames_total", "migrate_proxy_switches", "migrate_proxy_upstream_errors_total"] {
                #expect(metrics.contains("# TYPE \(family) "), "\(family) is exposed")
            }
            #expect(try await proxy.metric("migrate_proxy_frames_total{backend=\"legacy\",direction=\"to_backend\"}") ?? 0 >= 2)
            let stderr = proxy.process.errors()
            #expect(stderr.contains("charger refused") && stderr.contains("NOT-IN-FLEET"), "the reason is logged")
        }
    }

    @Test func unroutedChargersGoWhereTheOptionSays() async throws {
        try await scenario("unrouted") { rig in
            try await rig.fleet(["CP-01"], pilot: [])
            let csv = rig.directory.appendingPathComponent("more.csv")
            try "id,pilot\nCP-99,no\n".write(to: csv, atomically: true, encoding: .utf8)
            try await rig.migrate(["fleet", "import", csv.path])
            _ = try await rig.startProxy(["--unrouted-backend", "legacy=\(rig.legacy.url)"])
            let chargers = try rig.chargers(["CP-99"])
            try await chargers.waitForAnswer("StatusNotification", "CP-99")
            #expect(rig.legacy.connectedChargers().contains("CP-99"))
        }
    }
}

/// Milliseconds since 1970 of `2026-09-01T00:38:06.131Z`.
func millis(_ text: String) -> Int {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return Int((f.date(from: text)?.timeIntervalSince1970 ?? 0) * 1000)
}
