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
    func transaction<T>(_ logger: Logger, readSnapshot: Bool = false, _ body: () async throws -> T) async throws -> T {
        try await exec(readSnapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", logger)
        do {
            let result = try await body()
            try await exec("COMMIT", logger)
            return result
        } catch {
            if !isClosed { try? await exec("ROLLBACK", logger) }
            throw error
        }
    }
}
