import Foundation
import Proxy
import Testing

/// Charger identities as OCPP 1.6J allows them: `RDAM 123` connects as `RDAM%20123`, reaches its backend
/// as `RDAM%20123`, and is recorded as `RDAM 123`.
@Suite(.serialized, .enabled(if: Peers.available, Peers.reason))
struct IdentityTests {
    @Test func anIdWithASpaceIsRelayedAndRecordedDecoded() async throws {
        let directory = try Paths.temporaryDirectory("identity")
        print("PROXY-PEERS-TEST-RAN (identity)")
        let legacy = try await Backend.start("legacy", in: directory, txBase: 1000)
        let id = "RDAM 123"
        let feed = StaticRouteFeed(RouteTable(position: 1, routes: [id: RouteTarget(backend: "legacy", url: legacy.url)], fleet: [id]))
        let logs = directory.appendingPathComponent("log")
        let proxy = try await InProcessProxy.start(feed: feed, logDirectory: logs)
        let chargers = try Chargers(url: proxy.chargerURL, ids: [id], in: directory)
        do {
            try await chargers.waitForAnswer("StatusNotification", id)
            let connected = try #require(legacy.records(id, "connected").first)
            #expect(connected["path"] as? String == "/ocpp/RDAM%20123", "percent-encoded again on the way up")
            #expect(legacy.actions(id) == ["BootNotification", "StatusNotification"])
            await proxy.stop() // writes the frame log out
            let files = try FileManager.default.contentsOfDirectory(atPath: logs.path).filter { $0.hasPrefix("frames-") }
            #expect(!files.isEmpty)
            let records = try files.flatMap { try String(contentsOf: logs.appendingPathComponent($0), encoding: .utf8).split(separator: "\n") }
                .compactMap { jsonObject(String($0)) }
            #expect(records.allSatisfy { $0["charger"] as? String == id }, "recorded under its decoded identity")
            #expect(records.contains { $0["event"] as? String == "disconnected" && $0["initiator"] as? String == "router" })
        } catch {
            Issue.record("\(error)\n\(chargers.process.tail())\n\(legacy.process.tail())")
        }
        await proxy.stop()
        await chargers.stop()
        await legacy.kill()
    }

    @Test func anIdWithASpaceGoesThroughFleetImportRoutesAndAMove() async throws {
        try await scenario("space") { rig in
            let id = "RDAM 123"
            try await rig.fleet([id, "CP-01"], pilot: [id])
            let proxy = try await rig.startProxy()
            let chargers = try rig.chargers([id, "CP-01"])
            try await chargers.waitForAnswer("StatusNotification", id)
            try await rig.advance()
            try await eventually("RDAM 123 moved") { !proxy.switches(id, "done").isEmpty }
            #expect(rig.target.records(id, "connected").first?["path"] as? String == "/ocpp/RDAM%20123")
            #expect(rig.target.actions(id).first == "BootNotification")
            #expect(rig.legacy.records("CP-01", "disconnected").isEmpty)
            await expectFrameLogMatchesBackends(proxy, [rig.legacy, rig.target])
        }
    }
}
