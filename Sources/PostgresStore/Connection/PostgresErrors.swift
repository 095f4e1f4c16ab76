import Engine
import Foundation
import PostgresNIO
import Store

/// PostgresNIO's errors as the store's: what failed, where, and that nothing was changed when the transaction
/// did not commit.
enum PostgresErrors {
    /// An error from a statement or a transaction; errors that are already the store's or the engine's pass through.
    static func map(_ error: any Error, url: PostgresURL) -> any Error {
        if error is any KindedError || error is SampleImportError { return error }
        if error is CommitInDoubtError {
            return StoreError("the connection to PostgreSQL \(url.display) was lost while the transaction was committing, and the server did not answer within \(CommitCheck.patience.components.seconds) s: whether the change was recorded is unknown; once the server answers, look at `migrate history` (or `migrate status`) before running the command again (`advance --expect-phase PHASE` refuses to move a cohort twice)")
        }
        if let p = error as? PSQLError {
            if let server = p.serverInfo {
                let message = server[.message] ?? "error"
                let code = server[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                if server[.sqlState] == "57P01" || server[.sqlState] == "57P02" || server[.sqlState] == "57P03" {
                    return StoreError("the PostgreSQL server \(url.display) shut down or restarted during the command: \(message); the transaction did not commit, nothing changed; run the command again")
                }
                return StoreError("PostgreSQL \(url.display): \(message)\(code)")
            }
            switch p.code {
            case .serverClosedConnection, .connectionError, .uncleanShutdown, .clientClosedConnection:
                return StoreError("the connection to PostgreSQL \(url.display) was lost during the command (\(p.code)); the transaction did not commit, nothing changed; run the command again")
            default:
                return StoreError("PostgreSQL \(url.display): \(p.code)\(p.underlying.map { ": \($0)" } ?? "")")
            }
        }
        return StoreError("PostgreSQL \(url.display): \(error)")
    }

    /// An error while connecting: the server is down, refuses the user, or the database does not exist.
    static func connect(_ error: any Error, url: PostgresURL) -> StoreError {
        if let p = error as? PSQLError, let server = p.serverInfo {
            let message = server[.message] ?? "refused"
            if server[.sqlState] == "3D000" {
                return StoreError("the database \(url.database) does not exist on \(url.host):\(url.port) (\(message)); create it first (createdb \(url.database))", kind: .invalidInput)
            }
            if server[.sqlState] == "28P01" || server[.sqlState] == "28000" {
                return StoreError("PostgreSQL \(url.display) refused user \(url.user): \(message); give the password in the URL, PGPASSWORD or a password file", kind: .invalidInput)
            }
            return StoreError("cannot connect to PostgreSQL \(url.display): \(message)")
        }
        let detail: String
        if let p = error as? PSQLError { detail = p.underlying.map { "\($0)" } ?? "\(p.code)" } else { detail = "\(error)" }
        return StoreError("cannot connect to PostgreSQL \(url.display): \(detail); is the server running and reachable?")
    }
}
