internal import GRDB
internal import GRDBSQLite

/// SQL functions that read v2's chunks (16-byte pairs) for the v3 migration: `migrate_v2_chunk_total(samples)` and
/// `migrate_v2_chunk_encode(samples, day)`. (The chunk sums of v3 to v7, `migrate_chunk_sum` and `migrate_chunk_count`,
/// went with v8's rows: the per-charger totals read the rows in Swift.)
enum ChunkFunctions {
    static func register(_ db: Database) {
        let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS
        sqlite3_create_function_v2(db.sqliteConnection, "migrate_v2_chunk_total", 1, flags, nil, { context, _, arguments in
            sqlite3_result_double(context, SampleWriter.total(ChunkFunctions.v2Pairs(arguments)))
        }, nil, nil, nil)
        sqlite3_create_function_v2(db.sqliteConnection, "migrate_v2_chunk_encode", 2, flags, nil, { context, _, arguments in
            let pairs = ChunkFunctions.v2Pairs(arguments)
            SampleChunk.withEncoded(pairs, day: sqlite3_value_int64(arguments![1])) { bytes in
                sqlite3_result_blob(context, bytes.baseAddress, Int32(bytes.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            }
        }, nil, nil, nil)
    }

    /// A v2 chunk: (time, value bits) pairs of little-endian 64-bit words.
    static func v2Pairs(_ arguments: UnsafeMutablePointer<OpaquePointer?>?) -> [(time: Int64, value: Double)] {
        guard let arguments, let blob = sqlite3_value_blob(arguments[0]) else { return [] }
        let bytes = UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_value_bytes(arguments[0])))
        return (0..<(bytes.count / 16)).map { k in
            (Int64(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: k * 16, as: UInt64.self))),
             Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: k * 16 + 8, as: UInt64.self))))
        }
    }
}
