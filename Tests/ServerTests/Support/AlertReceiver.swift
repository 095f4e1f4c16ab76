import Foundation
import Hummingbird
import HTTPTypes
import Logging
import ServiceLifecycle

/// A real HTTP receiver on a free loopback port that records each request's headers and body.
final class AlertReceiver: Sendable {
    struct Received: Sendable {
        var key: String?
        var signature: String?
        var body: Data
    }

    private let box = Box()
    private let server: LoopbackServer
    var port: Int { server.port }

    init() async throws {
        let router = Router()
        let box = self.box
        router.post("/alerts") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            box.append(Received(key: request.headers[HTTPField.Name("Idempotency-Key")!], signature: request.headers[HTTPField.Name("X-Migrate-Signature")!],
                                body: Data(body.readableBytesView)))
            return .ok
        }
        server = await LoopbackServer.start(label: "alert-receiver", router: router)
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/alerts")! }
    var received: [Received] { box.all }

    func stop() async { await server.stop() }

    private final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Received] = []
        func append(_ r: Received) { lock.withLock { items.append(r) } }
        var all: [Received] { lock.withLock { items } }
    }
}
