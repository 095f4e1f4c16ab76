internal import GRDB
internal import GRDBSQLite

/// A prepared statement driven through SQLite's C API, for the bulk paths where GRDB's per-row argument
/// handling would cost more than the insert itself. Lives within one `Database` access.
struct RawStatement {
    /// Holds the GRDB statement so that the handle stays valid.
    let statement: Statement
    let handle: OpaquePointer
    let db: Database

    init(_ db: Database, _ sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        self.db = db
    }

    @inline(__always) func bind(_ index: Int32, _ v: Int64) { sqlite3_bind_int64(handle, index, v) }
    @inline(__always) func bind(_ index: Int32, _ v: Double) { sqlite3_bind_double(handle, index, v) }
    /// Binds a copy of `bytes` (SQLite's transient destructor).
    func bind(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    /// Runs the statement once (no rows expected) and resets it.
    @inline(__always) func run() throws {
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE else { throw StoreError("SQLite: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))") }
    }

    /// Rows changed by the last statement of the connection.
    var changes: Int32 { sqlite3_changes(db.sqliteConnection) }

    /// Steps once; returns the first column as a double when there is a row, and resets.
    func firstDouble() throws -> Double? {
        defer { sqlite3_reset(handle) }
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return sqlite3_column_double(handle, 0) }
        guard rc == SQLITE_DONE else { throw StoreError("SQLite: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))") }
        return nil
    }
}
