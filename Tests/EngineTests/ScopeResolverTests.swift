import Engine
import Playbook
import Testing

@Suite struct ScopeResolverTests {
    let chargers = fleet(100, models: ["A", "B", "C", "D"])

    @Test func allTakesEveryCharger() {
        #expect(ScopeResolver.targets(of: .all, chargers: chargers, onTarget: []).count == 100)
    }

    @Test func nilScopeKeepsWhatIsOnTarget() {
        #expect(ScopeResolver.targets(of: nil, chargers: chargers, onTarget: ["CP-0001"]) == ["CP-0001"])
    }

    @Test func attributesSelect() {
        let t = ScopeResolver.targets(of: .select(attributes: [AttributeSelector(attribute: "site", values: ["s1"])], share: nil), chargers: chargers, onTarget: [])
        #expect(t.count == 50)
        #expect(t.allSatisfy { id in chargers.first { $0.id == id }!.attributes["site"] == "s1" })
    }

    @Test func shareIsStratifiedByModel() {
        let t = ScopeResolver.targets(of: .select(attributes: [], share: Percentage(10)), chargers: chargers, onTarget: [])
        // 25 chargers of each model, ceil(2.5) = 3 each.
        for model in ["A", "B", "C", "D"] {
            #expect(chargers.filter { t.contains($0.id) && $0.attributes["model"] == model }.count == 3)
        }
    }

    @Test func widerShareKeepsTheFirst() {
        let ten = ScopeResolver.targets(of: .select(attributes: [], share: Percentage(10)), chargers: chargers, onTarget: [])
        let fifty = ScopeResolver.targets(of: .select(attributes: [], share: Percentage(50)), chargers: chargers, onTarget: ten)
        #expect(ten.isSubset(of: fifty))
        #expect(fifty.count == 52) // ceil(12.5) = 13 per model
        // The same result without the earlier wave: the order is stable.
        #expect(ScopeResolver.targets(of: .select(attributes: [], share: Percentage(50)), chargers: chargers, onTarget: []) == fifty)
    }

    @Test func stableHashIsFNV1a() {
        #expect(ScopeResolver.stableHash("") == 0xcbf2_9ce4_8422_2325)
        #expect(ScopeResolver.stableHash("a") == 0xaf63_dc4c_8601_ec8c)
    }
}
