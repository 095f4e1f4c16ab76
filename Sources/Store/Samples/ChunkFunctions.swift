internal import GRDB
internal import GRDBSQLite

/// SQL functions over a stored chunk of samples (see `SampleChunk`), so that a window's partial edge
/// days are summed inside the same query as its whole days, without copying the chunk out:
/// `migrate_chunk_sum(samples, from, to)` and `migrate_chunk_count(samples, from, to)` over [from, to).
enum ChunkFunctions {
    static func register(_ db: Database) {
        let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS
        sqlite3_create_function_v2(db.sqliteConnection, "migrate_chunk_sum", 3, flags, nil, { context, _, arguments in
            let (sum, _) = ChunkFunctions.sum(arguments)
            sqlite3_result_double(context, sum)
        }, nil, nil, nil)
        sqlite3_create_function_v2(db.sqliteConnection, "migrate_chunk_count", 3, flags, nil, { context, _, arguments in
            let (_, count) = ChunkFunctions.sum(arguments)
            sqlite3_result_int64(context, Int64(count))
        }, nil, nil, nil)
    }

    static func sum(_ arguments: UnsafeMutablePointer<OpaquePointer?>?) -> (Double, Int) {
        guard let arguments, let blob = sqlite3_value_blob(arguments[0]) else { return (0, 0) }
        let bytes = UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_value_bytes(arguments[0])))
        return SampleChunk.sum(bytes, from: sqlite3_value_int64(arguments[1]), to: sqlite3_value_int64(arguments[2]))
    }
}
