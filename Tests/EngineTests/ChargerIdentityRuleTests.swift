import Engine
import Testing

/// `Charger.problem(withID:)` and `Charger.warning(forID:)`: what OCPP 1.6J can carry in a URL path, and what
/// OCPP 2.0.1 would refuse.
@Suite struct ChargerIdentityRuleTests {
    @Test(arguments: ["CP-0042", "RDAM 123", "A,B \"q\"", "Zürich:7", "x|y@z*=+", "%41", "50%", "a.b", "...", "\u{00A0}nbsp", "😀", String(repeating: "é", count: 48)])
    func accepted(_ id: String) {
        #expect(Charger.problem(withID: id) == nil, "\(id)")
    }

    @Test(arguments: ["", "a/b", "/", ".", "..", "tab\tx", "nul\u{0}", "del\u{7F}", "c1\u{9B}", String(repeating: "x", count: 49)])
    func refused(_ id: String) {
        #expect(Charger.problem(withID: id) != nil, "\(id.debugDescription)")
    }

    @Test func warnings() {
        #expect(Charger.warning(forID: "CP-0042_a*b=c+d|e@f.g") == nil, "the whole identifierString set")
        #expect(Charger.warning(forID: "RDAM 123")?.contains("/ocpp/RDAM%20123") == true)
        #expect(Charger.warning(forID: "ab:cd")?.contains("Basic authentication") == true)
        #expect(Charger.warning(forID: "ab:cd")?.contains("identifierString") == false, "':' is in 2.0.1's set")
        #expect(Charger.warning(forID: "Zürich")?.contains("U+FC") == true)
        #expect(Charger.percentEncoded("a b/ü~") == "a%20b%2F%C3%BC~")
    }
}
