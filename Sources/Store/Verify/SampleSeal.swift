import Foundation
internal import GRDB

/// Seals of the sample tables as stored: SHA-256 over rows exactly as SQLite holds them (store ids, sums, the
/// encoded samples), computed without decoding a sample. A day's seal equal to the one written when the day was
/// last found to match its journal entry means the day's rows are the same bytes as then; any edit of a chunk,
/// a fleet-wide sum of the day or a row added or removed gives another seal.
///
/// A day's seal hashes, in key order, each chunk row of `sample_chunks` (metric, charger, total, n, first, last
/// as 64-bit little-endian words, then the blob's length and bytes), then the day's `fleet_days` rows by metric
/// (metric, total, n) and its `fleet_seconds` rows by metric and second (metric, second, total, n). The name
/// seal hashes `metric_names` and `sample_chargers` by id (id, then the name's length and bytes), the two tables
/// apart.
struct SampleSeal {
    private let chunks: RawStatement
    private let fleetDays: RawStatement
    private let fleetSeconds: RawStatement
    private let metrics: [Int64]

    init(db: Database) throws {
        chunks = try RawStatement(db, """
            SELECT metric, charger, total, n, first, last, samples FROM sample_chunks WHERE day = ? ORDER BY metric, charger
            """)
        fleetDays = try RawStatement(db, "SELECT metric, total, n FROM fleet_days WHERE day = ? ORDER BY metric")
        fleetSeconds = try RawStatement(db, """
            SELECT second, total, n FROM fleet_seconds WHERE metric = ? AND second >= ? AND second < ? ORDER BY second
            """)
        metrics = try Int64.fetchAll(db, sql: "SELECT id FROM metric_names ORDER BY id")
    }

    /// The seal of `day`'s rows as stored now.
    func day(_ day: Int64) throws -> [UInt8] {
        var hasher = SealHasher()
        chunks.bind(1, day)
        while try chunks.step() {
            Self.addChunk(&hasher, metric: chunks.int64(0), charger: chunks.int64(1), total: chunks.double(2), n: chunks.int64(3),
                          first: chunks.int64(4), last: chunks.int64(5), samples: chunks.blob(6))
        }
        try addFleetSums(&hasher, day: day)
        return hasher.finish()
    }

    /// A chunk row's part of its day's seal (the import feeds the rows it writes, in key order).
    @inline(__always)
    static func addChunk(_ hasher: inout SealHasher, metric: Int64, charger: Int64, total: Double, n: Int64, first: Int64, last: Int64,
                         samples: UnsafeRawBufferPointer) {
        hasher.add(metric); hasher.add(charger); hasher.add(total); hasher.add(n); hasher.add(first); hasher.add(last)
        hasher.add(bytes: samples)
    }

    /// The fleet-wide sums' part of `day`'s seal, after its chunks.
    func addFleetSums(_ hasher: inout SealHasher, day: Int64) throws {
        hasher.add(Int64(-1))
        fleetDays.bind(1, day)
        while try fleetDays.step() {
            hasher.add(fleetDays.int64(0)); hasher.add(fleetDays.double(1)); hasher.add(fleetDays.int64(2))
        }
        for metric in metrics {
            fleetSeconds.bind(1, metric); fleetSeconds.bind(2, day * 86_400); fleetSeconds.bind(3, (day + 1) * 86_400)
            while try fleetSeconds.step() {
                hasher.add(metric); hasher.add(fleetSeconds.int64(0)); hasher.add(fleetSeconds.double(1)); hasher.add(fleetSeconds.int64(2))
            }
        }
    }

    /// The seal of the store ids of metric names and chargers.
    static func names(_ db: Database) throws -> [UInt8] {
        var hasher = SealHasher()
        for table in ["SELECT id, name FROM metric_names ORDER BY id", "SELECT id, charger FROM sample_chargers ORDER BY id"] {
            let rows = try RawStatement(db, table)
            while try rows.step() {
                hasher.add(rows.int64(0))
                hasher.add(bytes: rows.textBytes(1))
            }
            hasher.add(Int64(-1))
        }
        return hasher.finish()
    }

    /// The seal of the ids stored in `seals`, if any.
    static func storedNames(_ db: Database) throws -> [UInt8]? {
        try Data.fetchOne(db, sql: "SELECT seal FROM seals WHERE name = 'sample-ids'").map { Array($0) }
    }

    static func writeNames(_ seal: [UInt8]?, _ db: Database) throws {
        if let seal {
            try db.execute(sql: "INSERT OR REPLACE INTO seals (name, seq, hash, seal) VALUES ('sample-ids', 0, '', ?)", arguments: [Data(seal)])
        } else {
            try db.execute(sql: "DELETE FROM seals WHERE name = 'sample-ids'")
        }
    }

    /// Per day: the journal entry and digest its seal was written against, and the seal.
    static func stored(_ db: Database) throws -> [Int64: (seq: Int64, digest: String, seal: [UInt8])] {
        var result: [Int64: (seq: Int64, digest: String, seal: [UInt8])] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT day, seq, digest, seal FROM sample_seals") {
            result[row[0]] = (row[1], row[2], Array(row[3] as Data))
        }
        return result
    }

    static func write(day: Int64, seq: Int64, digest: String, seal: [UInt8], _ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO sample_seals (day, seq, digest, seal) VALUES (?, ?, ?, ?)",
                       arguments: [day, seq, digest, Data(seal)])
    }
}
