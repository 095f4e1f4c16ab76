import Foundation
internal import GRDB

/// The migrate store: one SQLite file (WAL) holding the journal and the tables projected from it.
///
/// Opening migrates the schema; every method that changes state is one immediate transaction that
/// appends journal entries and updates the projections together, durably (synchronous=FULL).
public final class MigrateStore: Sendable {
    let pool: DatabasePool
    public let path: String

    /// Opens (creating when missing) the store at `path`.
    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        if FileManager.default.fileExists(atPath: path) {
            try Self.checkHeader(path: path)
            try Self.checkOwnerReadOnly(path: path)
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try pool.read { db in
                let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                // Ours: marked, or empty, or only GRDB's bookkeeping (a first open cut short before its first migration).
                let foreign = tables.filter { $0 != "grdb_migrations" }
                if appID != Schema.applicationID && !foreign.isEmpty { throw StoreError.notAMigrateStore(path) }
            }
        } catch let error as DatabaseError {
            throw StoreError.notSQLite(path, error.message ?? "\(error)")
        }
        do {
            try pool.write { db in
                let migrator = Schema.migrator
                if try migrator.hasBeenSuperseded(db) {
                    let known = Set(migrator.migrations)
                    let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                    throw StoreError.newerSchema(path, applied.filter { !known.contains($0) })
                }
            }
            try Schema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError("\(path): \(error.message ?? "\(error)")")
        }
    }

    /// Refuses another application's database without writing to it (opening the pool would switch it to WAL).
    /// When a read-only look is not possible (a WAL file without its index), the check after opening decides.
    private static func checkOwnerReadOnly(path: String) throws {
        var config = Configuration()
        config.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: config),
              let (appID, tables) = try? queue.read({ db in
                  (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                   try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
              })
        else { return }
        if appID != Schema.applicationID && !tables.filter({ $0 != "grdb_migrations" }).isEmpty { throw StoreError.notAMigrateStore(path) }
    }

    /// Refuses a file that is not SQLite before SQLite is asked to open it.
    private static func checkHeader(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw StoreError("cannot read \(path)") }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty { return }
        guard header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw StoreError.notSQLite(path, "the file does not start with the SQLite header")
        }
    }
}
