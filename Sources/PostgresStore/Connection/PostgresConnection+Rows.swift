import Logging
import PostgresNIO

extension PostgresConnection {
    /// Every row of `query`.
    func rows(_ query: PostgresQuery, _ logger: Logger) async throws -> [PostgresRow] {
        var out: [PostgresRow] = []
        for try await row in try await self.query(query, logger: logger) { out.append(row) }
        return out
    }

    /// Runs a statement, discarding any rows.
    func exec(_ query: PostgresQuery, _ logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }

    /// The first column of the first row, if any.
    func scalar<T: PostgresDecodable>(_ query: PostgresQuery, as: T.Type, _ logger: Logger) async throws -> T? {
        for try await row in try await self.query(query, logger: logger) {
            let cell = row.makeRandomAccess()[0]
            return cell.bytes == nil ? nil : try cell.decode(T.self, context: .default)
        }
        return nil
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws. `readSnapshot`: a
    /// read-only transaction that sees one snapshot (REPEATABLE READ), for reads of several tables.
    ///
    /// When COMMIT loses its connection after the body wrote something, the outcome is asked of the server
    /// (`CommitCheck`): committed returns as if nothing happened, aborted throws the lost connection's error (nothing
    /// changed), and no answer throws `CommitInDoubtError`.
    func transaction<T>(_ logger: Logger, readSnapshot: Bool = false, _ body: () async throws -> T) async throws -> T {
        try await exec(readSnapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", logger)
        let result: T
        var xid: Int64?
        do {
            result = try await body()
            if !readSnapshot { xid = try await scalar("SELECT txid_current_if_assigned()", as: Int64.self, logger) }
        } catch {
            if !isClosed { try? await exec("ROLLBACK", logger) }
            throw error
        }
        do {
            try await exec("COMMIT", logger)
        } catch {
            // No id: the transaction wrote nothing, so whatever became of it, nothing changed.
            guard let xid, CommitCheck.lostConnection(error, connectionClosed: isClosed) else { throw error }
            switch await CommitCheck.resolve?(xid) ?? .unknown {
            case .committed: return result
            case .aborted: throw error
            case .unknown: throw CommitInDoubtError(underlying: error)
            }
        }
        return result
    }
}
