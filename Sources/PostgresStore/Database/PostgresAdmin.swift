import Foundation
import PostgresNIO
import Store

/// Creating and dropping whole databases on a server (tests make one per test; an operator uses createdb).
package enum PostgresAdmin {
    /// Creates the database `name` on the server of `url` (connecting to `url`'s own database).
    package static func createDatabase(_ name: String, on url: PostgresURL) throws {
        let session = PostgresSession(url: url)
        defer { session.close() }
        try session.run { c in try await c.exec(PostgresQuery(unsafeSQL: "CREATE DATABASE \(quoted(name))"), c.logger) }
    }

    /// Drops the database `name`, ending its connections.
    package static func dropDatabase(_ name: String, on url: PostgresURL) throws {
        let session = PostgresSession(url: url)
        defer { session.close() }
        try session.run { c in try await c.exec(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(quoted(name)) WITH (FORCE)"), c.logger) }
    }

    /// Runs `sql` (one statement) on the database of `url`, behind the store's back (tests that tamper).
    package static func execute(_ sql: String, on url: PostgresURL) throws {
        let session = PostgresSession(url: url)
        defer { session.close() }
        try session.run { c in try await c.exec(PostgresQuery(unsafeSQL: sql), c.logger) }
    }

    static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
