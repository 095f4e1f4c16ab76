import Testing
@testable import Proxy

/// Charger ids in paths, upstream URLs, and subprotocol decisions.
struct PathAndNegotiationTests {
    @Test(arguments: [
        ("/ocpp/CP-01", "/ocpp", "CP-01"),
        ("/ocpp/RDAM%20123", "/ocpp", "RDAM 123"),
        ("/ocpp/RDAM%20123?x=1", "ocpp/", "RDAM 123"),
        ("/ocpp/%C3%A9t%C3%A9", "/ocpp", "été"),
        ("/CP-01", "/", "CP-01"),
        ("/a/b/CP-01", "/a/b", "CP-01"),
    ])
    func theIdIsTheLastSegmentPercentDecoded(uri: String, prefix: String, id: String) {
        #expect(ChargerPath.chargerID(in: uri, prefix: prefix) == id)
    }

    @Test(arguments: ["/ocpp", "/ocpp/", "/ocpp/a/b", "/other/CP-01", "/ocpp/%ZZ", "/ocpp/%C3", "/ocpp/%00x", "/ocppCP-01"])
    func otherPathsNameNoCharger(uri: String) {
        #expect(ChargerPath.chargerID(in: uri, prefix: "/ocpp") == nil)
    }

    @Test func upstreamURLsEncodeTheIdAgain() {
        #expect(ChargerPath.upstreamURL(base: "ws://h:9000/ocpp", chargerID: "RDAM 123") == "ws://h:9000/ocpp/RDAM%20123")
        #expect(ChargerPath.upstreamURL(base: "wss://h/ocpp/", chargerID: "a/b?c") == "wss://h/ocpp/a%2Fb%3Fc")
        #expect(ChargerPath.upstreamURL(base: "ws://h", chargerID: "CP-01_x.y~z") == "ws://h/CP-01_x.y~z")
    }

    @Test func endpointURLs() throws {
        let a = try #require(EndpointURL("wss://new-csms.example.net/ocpp/CP%201"))
        #expect(a.secure && a.host == "new-csms.example.net" && a.port == 443 && a.target == "/ocpp/CP%201" && a.hostHeader == "new-csms.example.net")
        let b = try #require(EndpointURL("ws://127.0.0.1:9001"))
        #expect(!b.secure && b.port == 9001 && b.target == "/" && b.hostIsAddress && b.hostHeader == "127.0.0.1:9001")
        let c = try #require(EndpointURL("ws://[::1]:9001/x?y=1#z"))
        #expect(c.host == "::1" && c.hostHeader == "[::1]:9001" && c.target == "/x?y=1")
        #expect(EndpointURL("http://h/x") == nil && EndpointURL("ws://:80/") == nil && EndpointURL("ws://h:99999/") == nil)
    }

    @Test func subprotocolOffersAreSplitInOrder() {
        #expect(Subprotocols.offered(["ocpp2.0.1, ocpp1.6", "ocpp1.6 ,x"]) == ["ocpp2.0.1", "ocpp1.6", "x"])
        #expect(Subprotocols.offered([]) == [])
    }

    @Test func subprotocolDecisions() {
        #expect(Subprotocols.decide(offered: ["ocpp1.6"], chosen: "ocpp1.6", assumed: "ocpp1.6") == .relay(answer: "ocpp1.6", logged: "ocpp1.6"))
        #expect(Subprotocols.decide(offered: ["ocpp2.0.1", "ocpp1.6"], chosen: "ocpp2.0.1", assumed: "ocpp1.6")
                == .relay(answer: "ocpp2.0.1", logged: "ocpp2.0.1"))
        #expect(Subprotocols.decide(offered: [], chosen: nil, assumed: "ocpp1.6") == .relay(answer: nil, logged: "ocpp1.6"))
        guard case .closeWithoutProtocol = Subprotocols.decide(offered: ["ocpp1.6"], chosen: nil, assumed: "ocpp1.6") else {
            Issue.record("no common version: complete without a subprotocol and close"); return
        }
        guard case .refuse = Subprotocols.decide(offered: ["ocpp1.6"], chosen: "ocpp2.0.1", assumed: "ocpp1.6") else {
            Issue.record("a version the charger did not offer is refused"); return
        }
        guard case .refuse = Subprotocols.decide(offered: [], chosen: "ocpp1.6", assumed: "ocpp1.6") else {
            Issue.record("a version chosen although none was offered is refused"); return
        }
    }
}
