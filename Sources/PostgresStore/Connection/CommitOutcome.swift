import Foundation
import Logging
import NIOCore
import PostgresNIO

/// What became of a transaction whose COMMIT lost its connection before the server's answer arrived.
///
/// The server may have committed it (the commit record was written, then the connection broke: a restart, a
/// failover, a terminated session) or not. Telling the user "nothing changed, run it again" would then be wrong, and
/// running an `advance` again would move the cohort twice. So the transaction's id is read before COMMIT and, when
/// the answer is lost, a fresh connection asks the server (`txid_status`) what became of it.
enum CommitOutcome: Sendable {
    case committed, aborted, unknown
}

/// How a transaction learns its outcome after a lost COMMIT: set by `PostgresSession` around every body it runs.
enum CommitCheck {
    typealias Resolver = @Sendable (Int64) async -> CommitOutcome

    @TaskLocal static var resolve: Resolver?

    /// How long the check keeps trying to reach the server (a restart takes a second or two; longer is a failover
    /// or an outage, and the user is told the outcome is unknown).
    static let patience: Duration = .seconds(5)

    /// Whether COMMIT failed because the connection went away (the outcome is in doubt), not because the server
    /// refused to commit (a deferred constraint, a serialization failure: certainly not committed).
    static func lostConnection(_ error: any Error, connectionClosed: Bool) -> Bool {
        if connectionClosed { return true }
        guard let p = error as? PSQLError else { return false }
        if let state = p.serverInfo?[.sqlState] { return state.hasPrefix("57P") || state.hasPrefix("08") }
        switch p.code {
        case .serverClosedConnection, .connectionError, .uncleanShutdown, .clientClosedConnection: return true
        default: return false
        }
    }

    /// Asks the server on fresh connections, for up to `patience`, what became of transaction `xid`.
    static func outcome(of xid: Int64, configuration: PostgresConnection.Configuration, on loop: any EventLoop, logger: Logger) async -> CommitOutcome {
        var configuration = configuration
        configuration.options.connectTimeout = .seconds(2)
        let deadline = ContinuousClock.now + patience
        repeat {
            if let c = try? await PostgresConnection.connect(on: loop, configuration: configuration, id: 0, logger: logger) {
                let status = try? await c.scalar("SELECT txid_status(\(xid))", as: String.self, logger)
                try? await c.close()
                switch status {
                case "committed": return .committed
                case "aborted": return .aborted
                default: break // "in progress": the old session is still ending; ask again
                }
            }
            try? await Task.sleep(for: .milliseconds(200))
        } while ContinuousClock.now < deadline
        return .unknown
    }
}

/// COMMIT lost its connection and the server could not be asked what became of the transaction.
struct CommitInDoubtError: Error {
    let underlying: any Error
}
