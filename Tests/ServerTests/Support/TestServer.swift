import Application
import AsyncHTTPClient
import Engine
import Foundation
import Playbook
import Logging
import NIOCore
import Server
import ServiceLifecycle
import Store

/// `migrate serve` in-process on a temporary store, listening on a free loopback port, and a client for it.
/// The server's clock is fixed (`now`), so metric samples and gate windows are exact.
final class TestServer: Sendable {
    let directory: URL
    let store: MigrateStore
    let service: MigrationService
    let server: ServerApplication
    let loopback: LoopbackServer
    var port: Int { loopback.port }

    static let t0 = ISOTime.parse("2026-11-02T09:00:00Z")!
    /// The server's clock: a day after `t0`.
    static let now = t0.addingTimeInterval(86_400)

    /// A server on a fresh store (or on `sharing`'s store), with a watch loop when `evaluateEvery` is set.
    init(evaluateEvery: Duration? = nil, alertWebhook: URL? = nil, person: String = "watch-bot",
         sharing other: TestServer? = nil, outside: OutsideWorld = OutsideWorld()) async throws {
        directory = other?.directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("serve-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try MigrateStore(path: directory.appendingPathComponent("migrate.db").path)
        service = MigrationService(store: store, outside: outside)
        let clock = Invocation.simulated(actor: person, at: Self.now)
        var server = ServerApplication(service: service, configuration: ServerConfiguration(host: "127.0.0.1", port: 0, evaluateEvery: evaluateEvery,
                                                                                          alertWebhook: alertWebhook, person: person),
                                       clock: clock)
        server.add(Dashboard(server).endpoints)
        self.server = server
        loopback = await LoopbackServer.start(label: "serve-tests") { running in
            var logger = Logger(label: "serve-tests")
            logger.logLevel = .warning
            return server.application(logger: logger, onServerRunning: running)
        }
    }

    func stop() async { await loopback.stop() }

    /// A token for `person` in `role`, created through the application as the command line does.
    func token(_ person: String, _ role: String, approves: [String] = [], validFor: String? = nil) throws -> String {
        try service.createToken(person: person, role: role, approves: approves, validFor: validFor.flatMap(PlaybookDurationText.parse),
                                as: .simulated(actor: "setup", at: Self.now)).secret
    }

    struct Answer {
        var status: Int
        var headers: [(String, String)]
        var body: String

        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    /// One request over HTTP.
    func request(_ method: String, _ path: String, token: String? = nil, json: Any? = nil, body: String? = nil,
                 headers: [(String, String)] = []) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .init(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        } else if let body {
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 32 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                      body: String(buffer: bytes))
    }

    /// Fleet, cohort (created at `t0` by `setup`) and samples, through the application.
    func prepare(playbook: String, fleet: String? = Fixtures.fleet, samples: String? = nil, cohort: String = "north",
                 selector: CohortSelector = .all) async throws {
        let setup = Invocation.simulated(actor: "setup", at: Self.t0)
        if let fleet { _ = try service.importFleet(csv: Array(fleet.utf8), file: "fleet.csv", as: setup) }
        _ = try await service.createCohort(cohort, playbook: PlaybookSource(text: playbook, file: "p.yaml"), selector: selector, reason: nil, as: setup)
        if let samples {
            let file = directory.appendingPathComponent("samples-\(UUID().uuidString).csv")
            try samples.write(to: file, atomically: true, encoding: .utf8)
            _ = try service.importMetrics(path: file.path, skipUnknown: false, as: setup)
        }
    }

    func history() throws -> [JournalEntry] { try service.history(of: nil) }
}

enum PlaybookDurationText {
    static func parse(_ text: String) -> PlaybookDuration? { PlaybookDuration(parsing: text) }
}
