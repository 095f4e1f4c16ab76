import Foundation
import Playbook
import Testing

/// `playbook.schema.json` at the repository root is what the shipped playbooks' editor hint points
/// at; it must be exactly what `migrate schema` prints (regenerate: `migrate schema > playbook.schema.json`).
@Suite("Schema file")
struct SchemaFileTests {
    @Test func shippedSchemaFileIsCurrent() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("playbook.schema.json")
        let shipped = try String(contentsOf: url, encoding: .utf8)
        #expect(shipped == PlaybookSchema.json + "\n", "playbook.schema.json is stale: run `swift run migrate schema > playbook.schema.json`")
    }

    @Test func schemaIsJSONWithTheLanguageKeys() throws {
        let object = try JSONSerialization.jsonObject(with: Data(PlaybookSchema.json.utf8)) as? [String: Any]
        let properties = try #require(object?["properties"] as? [String: Any])
        #expect(Set(properties.keys) == ["playbook", "version", "description", "backends", "from", "to", "prometheus", "metrics", "phases", "plans", "alerts"])
        #expect(object?["required"] as? [String] == ["playbook", "version", "backends", "from", "to", "phases", "plans"])
    }
}
