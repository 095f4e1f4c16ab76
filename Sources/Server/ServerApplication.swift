import Application
import Engine
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// What the server is configured with (the command line's `migrate serve` options).
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// How often the watch loop runs the automation pass; nil: no watch loop.
    public var evaluateEvery: Duration?
    /// Alerts go here as well as to each playbook's `alerts:` webhooks.
    public var alertWebhook: URL?
    /// Signs alerts (`X-Migrate-Signature`), when set.
    public var alertSecret: String?
    /// Who the server acts as in the journal (the watch loop's actor).
    public var person: String
    /// A name for this server in the evaluator lease (host and process by default).
    public var instance: String

    public init(host: String = "127.0.0.1", port: Int = 8080, evaluateEvery: Duration? = .seconds(60), alertWebhook: URL? = nil,
                alertSecret: String? = nil, person: String, instance: String? = nil) {
        self.host = host
        self.port = port
        self.evaluateEvery = evaluateEvery
        self.alertWebhook = alertWebhook
        self.alertSecret = alertSecret
        self.person = person
        self.instance = instance ?? "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    }
}

/// Builds the HTTP API on a `MigrationService`: the endpoint table, authentication and role checks,
/// problem+json, the watch loop and /metrics. The dashboard adds its endpoints with `add(_:)` and reuses the rest.
public struct ServerApplication: Sendable {
    public let service: MigrationService
    public let configuration: ServerConfiguration
    /// The server's clock (the system clock, or a fixed one for demos); requests act on it as their token's person.
    public let clock: Invocation
    public let counters: ServerCounters
    public private(set) var endpoints: [Endpoint]

    public init(service: MigrationService, configuration: ServerConfiguration, clock: Invocation? = nil) {
        self.service = service
        self.configuration = configuration
        self.clock = clock ?? .live(actor: configuration.person)
        self.counters = ServerCounters()
        self.endpoints = []
        endpoints = APIEndpoints(server: self).all
    }

    /// Adds endpoints (the dashboard's), registered like the API's.
    public mutating func add(_ more: [Endpoint]) {
        endpoints += more
    }

    /// The router: every endpoint behind the problem+json middleware; authentication before the handler.
    public func router() -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: ProblemMiddleware(counters: counters))
        for endpoint in endpoints {
            let service = self.service, clock = self.clock, throttle = counters.accessDenials
            let route = "\(endpoint.method.rawValue) \(endpoint.path)"
            router.on(RouterPath(endpoint.routerPath), method: endpoint.method) { request, context in
                var context = context
                switch endpoint.access {
                case .open:
                    break
                case .authenticated:
                    context.caller = try BearerToken.caller(request, context: context, service: service, clock: clock, route: route, throttle: throttle)
                case let .requires(action):
                    let caller = try BearerToken.caller(request, context: context, service: service, clock: clock, route: route, throttle: throttle)
                    try caller.require(action)
                    context.caller = caller
                }
                return try await endpoint.handler(request, context)
            }
        }
        return router
    }

    /// The watch loop, when configured.
    public func watchLoop(logger: Logger) -> WatchLoop? {
        configuration.evaluateEvery.map {
            WatchLoop(service: service, every: $0, clock: clock, instance: configuration.instance,
                      alerts: AlertDispatcher(service: service, webhook: configuration.alertWebhook, secret: configuration.alertSecret,
                                              counters: counters, logger: logger),
                      logger: logger)
        }
    }

    /// The Hummingbird application with the watch loop as a service beside it; `runService()` runs both and stops
    /// them gracefully on SIGTERM or SIGINT (requests and the pass under way finish first).
    public func application(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol {
        var services: [any Service] = []
        if let loop = watchLoop(logger: logger) { services.append(loop) }
        return Hummingbird.Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "migrate"),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then stops gracefully.
    public func run(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(logger: logger, onServerRunning: onServerRunning).runService()
    }
}
