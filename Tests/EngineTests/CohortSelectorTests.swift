@testable import Engine
import Testing

@Suite("--where values")
struct CohortSelectorTests {
    @Test("commas separate values; \\, is a comma inside one, \\\\ a backslash; the description parses back to the same")
    func escapedCommas() throws {
        let plain = try CohortSelector.condition(parsing: "site=depot-north, mall-west")
        #expect(plain.attribute == "site" && plain.values == ["depot-north", "mall-west"])
        let comma = try CohortSelector.condition(parsing: #"site=Den Haag\, Hotel 587,Utrecht"#)
        #expect(comma.values == ["Den Haag, Hotel 587", "Utrecht"])
        let id = try CohortSelector.condition(parsing: #"id=DE\,BER\,40,A\\B,C\D"#)
        #expect(id.values == ["DE,BER,40", #"A\B"#, #"C\D"#])
        let selector = CohortSelector(conditions: [comma, id])
        let again = CohortSelector(conditions: try selector.description.components(separatedBy: " --where ").map {
            try CohortSelector.condition(parsing: $0.replacingOccurrences(of: "--where ", with: ""))
        })
        #expect(again == selector && again.conditions.map(\.values) == selector.conditions.map(\.values), "\(selector.description)")
        #expect(throws: InputError.self) { try CohortSelector.condition(parsing: #"site=\,"#.replacingOccurrences(of: #"\,"#, with: ",")) }
    }
}
