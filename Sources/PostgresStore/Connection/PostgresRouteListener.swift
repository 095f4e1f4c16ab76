import Engine
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import PostgresNIO

extension PostgresStore: RouteChangeNotifying {
    /// LISTENs on `migrate_routes_changed` (sent by every append that changes a route, at commit) on a connection
    /// of its own, apart from the store's: a router wakes within milliseconds of a route change.
    public func listenForRouteChanges() -> any ChangeListening {
        PostgresRouteListener(session: session, channel: Self.routesChangedChannel)
    }
}

/// A connection that LISTENs on one channel and wakes the waiter on each notification. When the connection is lost
/// (a restart, a failover) it connects again every second, and wakes the waiter once it listens again: changes
/// committed meanwhile sent notifications nobody heard.
final class PostgresRouteListener: ChangeListening, @unchecked Sendable {
    private let signal = ChangeSignal()
    private let connection = NIOLockedValueBox<PostgresConnection?>(nil)
    private let stopped = NIOLockedValueBox(false)
    private var task: Task<Void, Never>?

    init(session: PostgresSession, channel: String) {
        let signal = self.signal, connection = self.connection, stopped = self.stopped
        let logger = session.logger
        let configuration = Result { try session.makeConfiguration() }
        task = Task {
            var id = 1
            while !Task.isCancelled, !stopped.withLockedValue({ $0 }) {
                do {
                    let c = try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try configuration.get(),
                                                                 id: id, logger: logger)
                    id += 1
                    connection.withLockedValue { $0 = c }
                    if stopped.withLockedValue({ $0 }) { try? await c.close(); return }
                    try await c.listen(on: channel) { notifications in
                        signal.fire()
                        for try await _ in notifications { signal.fire() }
                    }
                } catch {}
                if let c = connection.withLockedValue({ c in defer { c = nil }; return c }) { try? await c.close() }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    func wait(timeout: Duration) async -> Bool {
        await signal.wait(timeout: timeout)
    }

    func stop() {
        stopped.withLockedValue { $0 = true }
        task?.cancel()
        if let c = connection.withLockedValue({ c in defer { c = nil }; return c }) { c.close().whenComplete { _ in } }
    }

    deinit { stop() }
}

/// A flag set by `fire` and cleared by the one waiter that sees it; the waiter sleeps until it is set or its time is up.
final class ChangeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Bool, Never>?
        var generation = 0
    }
    private let state = NIOLockedValueBox(State())

    func fire() {
        let waiter: CheckedContinuation<Bool, Never>? = state.withLockedValue { s in
            if let w = s.waiter {
                s.waiter = nil
                return w
            }
            s.pending = true
            return nil
        }
        waiter?.resume(returning: true)
    }

    /// True when fired (since the last wait that returned true), false after `timeout` or on cancellation.
    func wait(timeout: Duration) async -> Bool {
        let generation: Int? = state.withLockedValue { s in
            if s.pending {
                s.pending = false
                return nil
            }
            s.generation += 1
            return s.generation
        }
        guard let generation else { return true }
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            wake(generation)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let early: Bool? = state.withLockedValue { s in
                    if s.pending {
                        s.pending = false
                        return true
                    }
                    if s.generation != generation || Task.isCancelled { return false }
                    s.waiter = continuation
                    return nil
                }
                if let early { continuation.resume(returning: early) }
            }
        } onCancel: {
            wake(generation)
        }
    }

    /// Ends the wait of `generation` with false (its time is up, or it was cancelled), if it still waits.
    private func wake(_ generation: Int) {
        let waiter: CheckedContinuation<Bool, Never>? = state.withLockedValue { s in
            guard s.generation == generation, let w = s.waiter else {
                if s.generation == generation { s.generation += 1 }
                return nil
            }
            s.waiter = nil
            s.generation += 1
            return w
        }
        waiter?.resume(returning: false)
    }
}
