import Foundation
import Logging
import Proxy
import ServiceLifecycle

/// A routing table held by the test: the `RouteFeed` a store would be.
final class StaticRouteFeed: RouteFeed, @unchecked Sendable {
    private let lock = NSLock()
    private var current: RouteTable

    init(_ table: RouteTable) { current = table }

    func table() async throws -> RouteTable { lock.withLock { current } }

    func waitForChange(after position: Int64, timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if lock.withLock({ current.position }) != position { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return lock.withLock({ current.position }) != position
    }

    func set(_ table: RouteTable) { lock.withLock { current = table } }
}

/// The proxy library run inside the test process, on a table the test gives.
final class InProcessProxy: @unchecked Sendable {
    let group: ServiceGroup
    let task: Task<Void, any Error>
    let addresses: ListeningAddresses

    static func start(feed: any RouteFeed, logDirectory: URL, configure: (inout ProxyConfiguration) -> Void = { _ in }) async throws -> InProcessProxy {
        var configuration = ProxyConfiguration()
        configuration.listenHost = "127.0.0.1"
        configuration.listenPort = 0
        configuration.operationsPort = 0
        configuration.logDirectory = logDirectory.path
        configure(&configuration)
        let bound = AddressBox()
        let logger = Logger(label: "proxy-test")
        let proxy = try OCPPProxy(configuration: configuration, feed: feed, logger: logger) { bound.set($0) }
        try await proxy.prepare()
        let group = ServiceGroup(configuration: .init(services: try proxy.services(), logger: logger))
        let task = Task { try await group.run() }
        // A hang bound, not a speed check: under a parallel test run the bind can wait long for a thread.
        let deadline = ContinuousClock.now + .seconds(90)
        while bound.value == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        guard let addresses = bound.value else { throw PeerFailure("the in-process proxy did not start listening") }
        return InProcessProxy(group: group, task: task, addresses: addresses)
    }

    private init(group: ServiceGroup, task: Task<Void, any Error>, addresses: ListeningAddresses) {
        self.group = group
        self.task = task
        self.addresses = addresses
    }

    /// `ws://127.0.0.1:PORT/ocpp`.
    var chargerURL: String { addresses.chargers.replacingOccurrences(of: "/{id}", with: "") }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

private final class AddressBox: @unchecked Sendable {
    private let lock = NSLock()
    private var addresses: ListeningAddresses?
    var value: ListeningAddresses? { lock.withLock { addresses } }
    func set(_ a: ListeningAddresses) { lock.withLock { addresses = a } }
}
