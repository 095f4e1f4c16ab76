import Hummingbird
import Logging
import ServiceLifecycle

/// A Hummingbird application on a free loopback port, run in a service group the test stops.
struct LoopbackServer: Sendable {
    let port: Int
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// Starts `application(onServerRunning:)` and waits until it listens.
    static func start(label: String, _ application: (@escaping @Sendable (Int) async -> Void) -> some Service) async -> LoopbackServer {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: label)
        logger.logLevel = .critical
        let group = ServiceGroup(configuration: .init(services: [application { continuation.yield($0) }], logger: logger))
        let task = Task { try await group.run() }
        var iterator = stream.makeAsyncIterator()
        return LoopbackServer(port: await iterator.next() ?? 0, group: group, task: task)
    }

    /// A plain router's application.
    static func start<Context: RequestContext>(label: String, router: Router<Context>) async -> LoopbackServer
    where Context: InitializableFromSource<ApplicationRequestContextSource> {
        await start(label: label) { running in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                        onServerRunning: { await running($0.localAddress?.port ?? 0) }, logger: Logger(label: label))
        }
    }

    /// Stops gracefully (requests under way finish), or at once with `cancel`.
    func stop(cancel: Bool = false) async {
        if cancel { task.cancel() } else { await group.triggerGracefulShutdown() }
        _ = try? await task.value
    }
}

/// Polls `condition` every 100 ms until it holds or `limit` has passed (then the test's own expectations say what
/// is missing).
func eventually(within limit: Duration = .seconds(120), _ condition: () throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline, try !condition() {
        try await Task.sleep(for: .milliseconds(100))
    }
}
