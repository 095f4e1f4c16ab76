import Engine
import Foundation
import PostgresNIO
import Store

/// The migrate store on PostgreSQL: the same journal, projections and samples as the SQLite store, for a team
/// that shares one database (several people, services and proxies) and relies on its replication.
///
/// Opening migrates the schema (numbered migrations, under an advisory lock) and refuses a database of a newer
/// schema or another application's. Every method that changes state is one transaction that first takes the
/// journal's advisory lock (`pg_advisory_xact_lock`), so appends from any number of processes and machines
/// are serialized and the hash chain never forks; see docs/postgres.md.
public final class PostgresStore: Sendable {
    let session: PostgresSession
    public let url: PostgresURL

    /// `pg_advisory_xact_lock` key of the journal: "MGRT" and 1. Held by every transaction that appends.
    static let journalLock: Int64 = 0x4D47_5254_0000_0001
    /// The NOTIFY channel told of every committed route change (payload: the journal entry), for a routing proxy
    /// or a service that LISTENs instead of polling the journal's head.
    public static let routesChangedChannel = "migrate_routes_changed"
    /// Key held while the schema is migrated.
    static let schemaLock: Int64 = 0x4D47_5254_0000_0002

    /// Connects to `url` and brings the schema up to date.
    public convenience init(url text: String) throws {
        try self.init(url: try PostgresURL(text))
    }

    public init(url: PostgresURL) throws {
        self.url = url
        session = PostgresSession(url: url)
        try migrate()
    }

    /// The schema version this build of migrate writes.
    public static var schemaVersion: Int { PostgresSchema.migrations.last?.version ?? 0 }

    /// The migrations applied when opening, by number and name (empty when the schema was current).
    public private(set) var applied: [String] {
        get { appliedBox.value }
        set { appliedBox.value = newValue }
    }
    private let appliedBox = Box<[String]>([])

    /// Closes the connection (the next call reconnects).
    public func close() { session.close() }

    /// Writes go through `append` and the import, which need no more than the user's rights on the tables.
    public func requireWritable() throws {}

    private func migrate() throws {
        let url = self.url
        let done: [String] = try session.run { c in
            let logger = c.logger
            return try await c.transaction(logger) {
                try await c.exec("SELECT pg_advisory_xact_lock(\(Self.schemaLock))", logger)
                let hasSchema = try await c.scalar("SELECT to_regclass('migrate_schema')::text", as: String.self, logger) != nil
                if !hasSchema {
                    let others = try await c.scalar("""
                        SELECT string_agg(tablename, ', ' ORDER BY tablename) FROM pg_tables WHERE schemaname = current_schema()
                        """, as: String.self, logger)
                    if let others, !others.isEmpty {
                        throw StoreError("the database \(url.display) is not a migrate store (it has other tables: \(others.prefix(200))); use another database")
                    }
                    try await c.exec("""
                        CREATE TABLE migrate_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                        """, logger)
                }
                var versions: [Int: String] = [:]
                for try await (v, name) in try await c.query("SELECT version, name FROM migrate_schema", logger: logger).decode((Int, String).self) {
                    versions[v] = name
                }
                let known = Set(PostgresSchema.migrations.map(\.version))
                let unknown = versions.keys.filter { !known.contains($0) }.sorted()
                if !unknown.isEmpty {
                    throw StoreError("the store \(url.display) was written by a newer migrate (schema \(unknown.map { "\($0)-\(versions[$0] ?? "")" }.joined(separator: ", "))); upgrade migrate to use it")
                }
                var done: [String] = []
                for m in PostgresSchema.migrations where versions[m.version] == nil {
                    for statement in m.statements { try await c.exec(PostgresQuery(unsafeSQL: statement), logger) }
                    try await c.exec("INSERT INTO migrate_schema (version, name) VALUES (\(m.version), \(m.name))", logger)
                    done.append("\(m.version)-\(m.name)")
                }
                if hasSchema, let app = try await c.scalar("SELECT application FROM migrate_store WHERE id = 1", as: String.self, logger),
                   app != PostgresSchema.application {
                    throw StoreError("the database \(url.display) is not a migrate store; use another database")
                }
                return done
            }
        }
        applied = done
    }
}

/// A value behind a lock, for the few fields a `Sendable` store sets after it is made.
final class Box<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
