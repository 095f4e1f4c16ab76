import Application
import Engine
import Foundation
import Hummingbird

extension APIEndpoints {
    /// Health, the API document and metrics: no token needed.
    var system: [Endpoint] {
        let service = self.service, counters = server.counters, clock = server.clock
        return [
            Endpoint(.get, "/healthz", .open) { _, _ in
                let head = try service.journalPosition()
                return try JSONBody.response(Health(status: "ok", journal: head))
            },
            Endpoint(.get, "/openapi.json", .open) { _, _ in
                JSONBody.raw(ByteBuffer(bytes: try OpenAPIDocument.data()))
            },
            Endpoint(.get, "/metrics", .open) { _, _ in
                let text = try await MetricsExposition(service: service, counters: counters, clock: clock).render()
                return JSONBody.raw(ByteBuffer(string: text), contentType: "text/plain; version=0.0.4; charset=utf-8")
            },
        ]
    }
}

struct Health: Encodable {
    var status: String
    var journal: Int64
}

/// The committed OpenAPI 3.1 document the server serves, from the target's resources.
public enum OpenAPIDocument {
    public static func data() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw MigrateError.unavailable("the server's openapi.json resource is missing")
        }
        return try Data(contentsOf: url)
    }
}
