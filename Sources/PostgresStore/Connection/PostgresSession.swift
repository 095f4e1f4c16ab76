import Engine
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Store

/// One connection to the server, used by one caller at a time, from synchronous code.
///
/// Each `run` takes the lock, (re)connects when the connection is gone (the server restarted, a failover), runs
/// its async body on the connection's event loop and waits for it. A body that fails because the connection
/// broke is not retried here: the caller's transaction is lost with the connection, and the error says so.
final class PostgresSession: @unchecked Sendable {
    let url: PostgresURL
    private let group: MultiThreadedEventLoopGroup
    private let executor: EventLoopExecutor
    private let lock = NIOLock()
    private var connection: PostgresConnection?
    private var nextID = 1
    let logger: Logger

    init(url: PostgresURL) {
        self.url = url
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        executor = EventLoopExecutor(group.next())
        logger = Logger(label: "migrate.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    deinit {
        let connection = self.connection, group = self.group
        let cleanUp: @Sendable () -> Void = {
            if let connection { try? connection.close().wait() }
            try? group.syncShutdownGracefully()
        }
        // The last reference may go away on the connection's own thread (a task that ran a body releases what it
        // captured after handing back the result): nothing may wait there, so the waiting moves to another thread.
        if executor.loop.inEventLoop { DispatchQueue.global().async(execute: cleanUp) } else { cleanUp() }
    }

    /// Runs `body` on a live connection and returns what it returns; errors are the store's (`StoreError` for a
    /// lost or refused connection, the body's own otherwise).
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) throws -> T {
        try lock.withLock {
            let connection = try connected()
            let resolve = try commitResolver()
            do {
                return try wait { try await CommitCheck.$resolve.withValue(resolve) { try await body(connection) } }
            } catch {
                if connection.isClosed { self.connection = nil }
                throw PostgresErrors.map(error, url: url)
            }
        }
    }

    /// Closes the connection (the next `run` opens a new one).
    func close() {
        lock.withLock {
            if let connection { try? connection.close().wait() }
            connection = nil
        }
    }

    private func connected() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        connection = nil
        let configuration = try makeConfiguration()
        let id = nextID
        nextID += 1
        let loop = executor.loop
        let logger = self.logger
        do {
            let c = try wait { try await PostgresConnection.connect(on: loop, configuration: configuration, id: id, logger: logger) }
            connection = c
            return c
        } catch {
            throw PostgresErrors.connect(error, url: url)
        }
    }

    /// Asks a fresh connection what became of a transaction whose COMMIT lost this one (see `CommitOutcome`).
    private func commitResolver() throws -> CommitCheck.Resolver {
        let configuration = try makeConfiguration(), loop = executor.loop, logger = self.logger
        return { xid in await CommitCheck.outcome(of: xid, configuration: configuration, on: loop, logger: logger) }
    }

    func makeConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch url.sslMode {
            case .disable:
                tls = .disable
            case .prefer, .require:
                var config = TLSConfiguration.makeClientConfiguration()
                config.certificateVerification = .none
                let context = try NIOSSLContext(configuration: config)
                tls = url.sslMode == .prefer ? .prefer(context) : .require(context)
            case .verifyFull:
                tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw StoreError("cannot set up TLS for \(url.display): \(error)")
        }
        var configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                             database: url.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = [("application_name", "migrate")]
        return configuration
    }

    /// Runs `body` as a task on the event loop and blocks this thread until it ends.
    private func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let promise = executor.loop.makePromise(of: T.self)
        Task(executorPreference: executor) {
            do { promise.succeed(try await body()) } catch { promise.fail(error) }
        }
        return try promise.futureResult.wait()
    }
}
