import Foundation
import Testing

/// A pilot moves 5 of 20 chargers on `advance` and brings them back on `rollback`, through the real
/// `migrate` binary, judged on what both CSMSes saw.
@Suite(.serialized, .enabled(if: Peers.available, Peers.reason))
struct PilotSwitchTests {
    @Test func pilotOfFiveOfTwentyMovesOnAdvanceAndComesBackOnRollback() async throws {
        try await scenario("pilot") { rig in
            let ids = chargerIDs(20)
            let pilot: Set = ["CP-03", "CP-06", "CP-09", "CP-12", "CP-15"]
            try await rig.fleet(ids, pilot: pilot)
            let proxy = try await rig.startProxy(["--idle-wait", "30s"])
            let chargers = try rig.chargers(ids)
            for id in ids { try await chargers.waitForAnswer("StatusNotification", id) }
            #expect(rig.legacy.connectedChargers() == Set(ids))
            #expect(rig.target.connectedChargers().isEmpty)

            try await rig.advance()
            try await eventually("the pilot's 5 switches done") { pilot.allSatisfy { !proxy.switches($0, "done").isEmpty } }
            #expect(rig.target.connectedChargers() == pilot, "only the pilot reached the new backend")
            for id in pilot {
                #expect(chargers.events(id, "closed").first?["code"] as? Int == 1012, "\(id) was closed with 1012")
                let first = rig.target.received(id).first
                #expect(first?[2] as? String == "BootNotification", "\(id): the new backend saw a BootNotification first")
                #expect(rig.legacy.records(id, "disconnected").count == 1)
            }
            for id in Set(ids).subtracting(pilot) {
                #expect(rig.legacy.records(id, "disconnected").isEmpty, "\(id) stayed connected to legacy")
                #expect(chargers.events(id, "closed").isEmpty)
            }
            let routerCloses = try await frames(of: proxy) { $0.filter { $0["event"] as? String == "disconnected" }.count >= 5 }
                .filter { $0["event"] as? String == "disconnected" && $0["initiator"] as? String == "router" }
            #expect(Set(routerCloses.compactMap { $0["charger"] as? String }) == pilot, "the planned closes are recorded as router")
            #expect(try await proxy.metric("migrate_proxy_connections{backend=\"target\"}") == 5)
            #expect(try await proxy.metric("migrate_proxy_connections{backend=\"legacy\"}") == 15)

            try await rig.rollback()
            try await eventually("the pilot back on legacy") { pilot.allSatisfy { proxy.switches($0, "done").count == 2 } }
            for id in pilot {
                let connections = rig.legacy.records(id, "connected").count
                #expect(connections == 2, "\(id) reconnected to legacy once")
                let sinceReturn = rig.legacy.records(id).drop { ($0["event"] as? String) != "connected" }.dropFirst()
                    .drop { ($0["event"] as? String) != "connected" }.dropFirst()
                let firstBack = sinceReturn.first { $0["event"] as? String == "received" }?["message"] as? [Any]
                #expect(firstBack?[2] as? String == "BootNotification", "\(id): legacy saw a BootNotification first after the rollback")
            }
            #expect(try await proxy.metric("migrate_proxy_connections{backend=\"legacy\"}") == 20)
            #expect(try await proxy.metric("migrate_proxy_switches_total{outcome=\"done\"}") == 10)
            #expect(rig.legacy.foreignAnswers().isEmpty && rig.target.foreignAnswers().isEmpty)
            await expectFrameLogMatchesBackends(proxy, [rig.legacy, rig.target])
            // The KPIs of the recorded log are what the backends saw; planned moves are not drops.
            let kpis = try await kpiTotals(proxy, in: rig.directory)
            #expect(kpis["boot.accepted"] == bootsAccepted([rig.legacy, rig.target]))
            #expect(kpis["boot.accepted"] == 30, "20 boots, 5 replayed on target, 5 replayed back on legacy")
            #expect(kpis["connection.established"] == 30)
            #expect(kpis["connection.dropped"] == 0, "planned moves are recorded as router closes")
        }
    }
}
