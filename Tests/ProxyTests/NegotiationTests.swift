import Foundation
import Testing

/// Subprotocol negotiation: the charger's offer goes upstream, the backend's choice comes back.
@Suite(.serialized, .enabled(if: Peers.available, Peers.reason))
struct NegotiationTests {
    @Test func theChargerGetsTheSubprotocolTheBackendChose() async throws {
        try await scenario("subprotocols", legacyOptions: ["--accept-without-subprotocol"]) { rig in
            try await rig.fleet(["V16", "V201", "BOTH", "NONE"], pilot: [])
            let proxy = try await rig.startProxy()
            let v16 = try rig.chargers(["V16"], protocols: "ocpp1.6")
            let v201 = try rig.chargers(["V201"], protocols: "ocpp2.0.1")
            let both = try rig.chargers(["BOTH"], protocols: "both")
            let none = try rig.chargers(["NONE"], protocols: "none")
            let cases: [(Chargers, String, String?)] = [(v16, "V16", "ocpp1.6"), (v201, "V201", "ocpp2.0.1"),
                                                       (both, "BOTH", "ocpp1.6"), (none, "NONE", nil)]
            for (chargers, id, expected) in cases {
                let connected = try await chargers.waitFor("connected", id)
                #expect(connected["subprotocol"] as? String == expected, "\(id) was answered with \(expected ?? "no subprotocol")")
                try await chargers.waitForAnswer("StatusNotification", id)
                let backendSaw = try #require(rig.legacy.records(id, "connected").first)
                #expect(backendSaw["subprotocol"] as? String == expected, "\(id): the backend chose the same")
            }
            // Offered both: the backend's preference (1.6 first in its list) wins; offered none: the offer
            // upstream carries none, and the log assumes 1.6.
            #expect(rig.legacy.records("BOTH", "connected").first?["offered"] as? String == "ocpp2.0.1, ocpp1.6")
            #expect(rig.legacy.records("NONE", "connected").first?["offered"] is NSNull)
            let logged = try await frames(of: proxy) { $0.filter { $0["event"] as? String == "connected" }.count >= 4 }
                .filter { $0["event"] as? String == "connected" }
            let byCharger = Dictionary(logged.map { ($0["charger"] as! String, $0["subprotocol"] as? String) }, uniquingKeysWith: { a, _ in a })
            #expect(byCharger == ["V16": "ocpp1.6", "V201": "ocpp2.0.1", "BOTH": "ocpp1.6", "NONE": "ocpp1.6"])
        }
    }

    @Test func noCommonVersionCompletesTheHandshakeWithoutOneAndCloses() async throws {
        try await scenario("nocommon", legacyOptions: ["--subprotocols", "ocpp2.0.1"]) { rig in
            try await rig.fleet(["V16"], pilot: [])
            let proxy = try await rig.startProxy()
            let chargers = try rig.chargers(["V16"], protocols: "ocpp1.6", extra: ["--reconnect-delay", "5"])
            let connected = try await chargers.waitFor("connected", "V16")
            #expect(connected["subprotocol"] is NSNull, "the handshake completes without a subprotocol (OCPP-J §3.2)")
            let closed = try await chargers.waitFor("closed", "V16")
            #expect(closed["code"] as? Int == 1002)
            #expect(rig.legacy.records("V16", "received").isEmpty, "nothing was relayed")
            try await Task.sleep(for: .milliseconds(300)) // the recorder writes every 100 ms
            #expect(proxy.frames().isEmpty, "no OCPP session, nothing in the frame log")
            #expect((try await proxy.metric("migrate_proxy_refused_total{reason=\"subprotocol\"}") ?? 0) >= 1)
        }
    }

    @Test func aBackendRefusingAChargerWithoutSubprotocolRefusesItThroughTheProxy() async throws {
        try await scenario("strict") { rig in
            try await rig.fleet(["NONE"], pilot: [])
            _ = try await rig.startProxy()
            let chargers = try rig.chargers(["NONE"], protocols: "none")
            let refused = try await chargers.waitFor("refused", "NONE")
            #expect(refused["status"] as? Int == 400, "the backend's 400 reaches the charger")
        }
    }
}
