import Foundation
internal import GRDB
internal import GRDBSQLite
internal import CSQLiteConfig

/// The migrate store: one SQLite file (WAL) holding the journal and the tables projected from it.
///
/// Opening migrates the schema; every method that changes state is one immediate transaction that
/// appends journal entries and updates the projections together, durably (synchronous=FULL).
public final class MigrateStore: Sendable {
    let pool: DatabasePool
    public let path: String
    /// True when the file (or its directory, which WAL needs) may only be read: reads work, writes are
    /// refused with a message that says so (`requireWritable`).
    public let isReadOnly: Bool

    /// Opens (creating when missing) the store at `path`; read-only when the user may only read it.
    public init(path: String) throws {
        self.path = path
        let access = try StorePath.check(path)
        isReadOnly = access == .readOnly
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.readonly = isReadOnly
        let readOnly = isReadOnly
        config.prepareDatabase { db in
            // Pages read through a memory map, not a system call and a copy each (a gate reads thousands).
            try db.execute(sql: "PRAGMA mmap_size = 4294967296")
            if !readOnly {
                try db.execute(sql: "PRAGMA synchronous = FULL")
                Self.keepWAL(db)
            }
        }
        // A file whose header already carries our application id needs no separate read-only look at its tables.
        if access != .create, try Self.checkHeader(path: path) != Schema.applicationID {
            try Self.checkOwnerReadOnly(path: path)
        }
        if isReadOnly {
            pool = try Self.openReadOnly(path, config)
            return
        }
        let upToDate: Bool
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // GRDB sets `synchronous = NORMAL` on the writer after `prepareDatabase` (its WAL setup): a commit would
            // then reach the disk only at a later checkpoint. Back to FULL: a command's commit is durable when it returns.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            upToDate = try pool.read { db in
                let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if appID != Schema.applicationID {
                    let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                    // Ours: marked, or empty, or only GRDB's bookkeeping (a first open cut short before its first migration).
                    if !tables.filter({ $0 != "grdb_migrations" }).isEmpty { throw StoreError.notAMigrateStore(path) }
                    return false
                }
                // Every migration applied and none unknown: nothing to write (no wait for the write lock of an import).
                let migrator = Schema.migrator
                return try migrator.hasCompletedMigrations(db) && !migrator.hasBeenSuperseded(db)
            }
        } catch let error as DatabaseError {
            throw StoreError.notSQLite(path, error.message ?? "\(error)")
        }
        if upToDate { return }
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

    deinit {
        shrinkWAL(above: Self.walLimit)
        skipCheckpointIfNothingWasWritten()
    }

    /// The checkpoint SQLite makes as the last connection closes copies the `-wal` file's frames into the store file
    /// and syncs both. A kept `-wal` file's frames count as new for each process that opens the store first (its
    /// index is rebuilt), so without this each `gates` or `status` wrote them again, and waited for the disk. A
    /// process that changed nothing closes without it; the frames stay in the `-wal` file (they were copied when
    /// they were written, or are copied by the next process that writes).
    func skipCheckpointIfNothingWasWritten() {
        guard !isReadOnly else { return }
        pool.writeWithoutTransaction { db in
            if sqlite3_total_changes64(db.sqliteConnection) == 0 {
                _ = csqlite_no_checkpoint_on_close(UnsafeMutableRawPointer(db.sqliteConnection), 1)
            }
        }
    }

    /// Keeps the `-wal` file when the last connection closes (SQLite still checkpoints it into the store first, so the
    /// store file alone stays complete). GRDB writes a transaction (a table created and dropped, with its syncs) at
    /// every open that finds no `-wal` file or an empty one, and the closing checkpoint writes it back with more
    /// syncs: without this, `gates`, `status` and every other command that only reads wrote to the store and waited
    /// on the disk (and on the write lock of an import in progress) each time.
    static func keepWAL(_ db: Database) {
        var persist: Int32 = 1
        _ = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
    }

    /// A kept `-wal` file stays as large as the largest transaction made it (an import: hundreds of megabytes).
    /// When it is larger than `limit` bytes (`walLimit` as the store closes), it is folded into the store and cut to
    /// nothing (best effort: without waiting, so that while another process reads it stays as it is).
    func shrinkWAL(above limit: Int) {
        guard !isReadOnly, let size = try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int,
              size > limit else { return }
        try? pool.writeWithoutTransaction { db in
            sqlite3_busy_timeout(db.sqliteConnection, 0)
            defer { sqlite3_busy_timeout(db.sqliteConnection, 30_000) }
            _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// The size above which the `-wal` file is cut as the store closes.
    static let walLimit = 16 << 20

    /// Opens a store the user may only read, and checks it is ours and needs no migration (which would write).
    ///
    /// SQLite reads a WAL database without write access only when its `-shm` index exists or can be made.
    /// A read-only copy without one (the usual copy for an auditor: the file alone, checkpointed) is opened
    /// as immutable instead; one with a `-wal` file but no index is refused, since its last transactions
    /// would not be seen.
    private static func openReadOnly(_ path: String, _ config: Configuration) throws -> DatabasePool {
        do {
            return try openReadOnly(at: path, reportedAs: path, config)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN {
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            guard wal == 0 else {
                throw StoreError("the store \(path) is read-only and has a -wal file but no -shm file beside it; copy the -shm file too, or checkpoint the store before copying it")
            }
            let escaped = path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3f").replacingOccurrences(of: "#", with: "%23")
            return try openReadOnly(at: "file:\(escaped)?immutable=1", reportedAs: path, config)
        }
    }

    private static func openReadOnly(at location: String, reportedAs path: String, _ config: Configuration) throws -> DatabasePool {
        do {
            let pool = try DatabasePool(path: location, configuration: config)
            try pool.read { db in
                let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if appID != Schema.applicationID { throw StoreError.notAMigrateStore(path) }
                let migrator = Schema.migrator
                if try migrator.hasBeenSuperseded(db) {
                    let known = Set(migrator.migrations)
                    let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                    throw StoreError.newerSchema(path, applied.filter { !known.contains($0) })
                }
                if try !migrator.hasCompletedMigrations(db) {
                    throw StoreError("the store \(path) is read-only and was written by an older migrate; open it once with write access to upgrade it")
                }
            }
            return pool
        } catch let error as DatabaseError where error.resultCode != .SQLITE_READONLY && error.resultCode != .SQLITE_CANTOPEN {
            throw StoreError.notSQLite(path, error.message ?? "\(error)")
        }
    }

    /// Throws, saying the store is read-only, before any write is attempted on a store opened read-only.
    public func requireWritable() throws {
        if isReadOnly {
            throw StoreError("the store \(path) is read-only (this user may only read it): nothing was changed; "
                             + "commands that only read (verify, status, gates, history, routes, report) work on it")
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

    /// Refuses a file that is not SQLite before SQLite is asked to open it. Returns the application id its header
    /// holds (big-endian at offset 68; nil for an empty file or a header cut short).
    @discardableResult
    private static func checkHeader(path: String) throws -> Int32? {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw StoreError("cannot read \(path)") }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        if header.isEmpty { return nil }
        guard header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw StoreError.notSQLite(path, "the file does not start with the SQLite header")
        }
        guard header.count == 100 else { return nil }
        return Int32(bitPattern: header[68..<72].reduce(0) { $0 << 8 | UInt32($1) })
    }
}
