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

    /// Binds a copy of `text` as UTF-8.
    func bind(_ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { raw in
            _ = sqlite3_bind_text(handle, index, raw.baseAddress, Int32(raw.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    /// Binds a blob without copying it: `bytes` must stay valid until the statement runs.
    func bindNoCopy(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), nil)
    }

    /// Steps once: true on a row (read it with the column accessors), false when done (then reset).
    @inline(__always) func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE else { throw StoreError("SQLite: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))") }
        return false
    }

    /// Resets after reading fewer rows than there are.
    func reset() { sqlite3_reset(handle) }

    @inline(__always) func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    @inline(__always) func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    @inline(__always) func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func text(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }
    /// The UTF-8 bytes of a text `column`, valid until the next step or reset.
    func textBytes(_ column: Int32) -> UnsafeRawBufferPointer {
        guard let p = sqlite3_column_text(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// Feeds every column of the current row to `hasher`, each after a tag of its type.
    func addRow(to hasher: inout SealHasher) {
        for c in 0..<sqlite3_column_count(handle) {
            switch sqlite3_column_type(handle, c) {
            case SQLITE_INTEGER: hasher.add(Int64(1)); hasher.add(sqlite3_column_int64(handle, c))
            case SQLITE_FLOAT: hasher.add(Int64(2)); hasher.add(sqlite3_column_double(handle, c))
            case SQLITE_TEXT: hasher.add(Int64(3)); hasher.add(bytes: textBytes(c))
            case SQLITE_BLOB: hasher.add(Int64(4)); hasher.add(bytes: blob(c))
            default: hasher.add(Int64(0))
            }
        }
    }

    /// The blob of `column`, valid until the next step or reset.
    @inline(__always) func blob(_ column: Int32) -> UnsafeRawBufferPointer {
        let n = Int(sqlite3_column_bytes(handle, column))
        guard let p = sqlite3_column_blob(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: p, count: n)
    }

    /// Steps once; the first column as an integer when there is a row; resets.
    func firstInt64() throws -> Int64? {
        defer { sqlite3_reset(handle) }
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return sqlite3_column_int64(handle, 0) }
        guard rc == SQLITE_DONE else { throw StoreError("SQLite: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))") }
        return nil
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
