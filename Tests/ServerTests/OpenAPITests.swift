import Foundation
import Server
import Testing
import Application
import Store

/// `/openapi.json` says what the server serves: every registered route is in the document and vice versa.
@Suite("Server: the OpenAPI document")
struct OpenAPITests {
    @Test("every registered route is documented with its method, and every documented operation is registered")
    func routesMatch() throws {
        let doc = try #require(try JSONSerialization.jsonObject(with: OpenAPIDocument.data()) as? [String: Any])
        #expect(doc["openapi"] as? String == "3.1.0")
        let paths = try #require(doc["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, ops in ops.keys.map { "\($0.uppercased()) \(path)" } })
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let service = MigrationService(store: try MigrateStore(path: dir.appendingPathComponent("m.db").path))
        let server = ServerApplication(service: service, configuration: .init(person: "t"))
        let registered = Set(server.endpoints.map { "\($0.method.rawValue) \($0.path)" })
        #expect(registered.subtracting(documented).isEmpty, "not documented: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented but not served: \(documented.subtracting(registered).sorted())")
        // Open endpoints say so (security: []); every other operation needs the bearer token.
        for e in server.endpoints {
            let op = try #require(paths[e.path]?[e.method.rawValue.lowercased()] as? [String: Any])
            let open = (op["security"] as? [Any])?.isEmpty == true
            if case .open = e.access { #expect(open, "\(e.path)") } else { #expect(!open, "\(e.path)") }
        }
    }
}
