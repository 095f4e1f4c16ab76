import Foundation
internal import GRDB

/// Seals of the sample tables as stored: SHA-256 over rows exactly as SQLite holds them (store ids, sums, the
/// encoded samples), computed without decoding a sample. A day's seal equal to the one written when the day was
/// last found to match its journal entry means the day's rows are the same bytes as then; any edit of a chunk,
/// a fleet-wide sum of the day or a row added or removed gives another seal.
///
/// A day's seal hashes, in key order, each row of `sample_rows` (charger and n as 64-bit little-endian words, then
/// the blob's length and bytes: v8; v7 hashed `sample_chunks`), then the day's `fleet_days` rows by metric
/// (metric, total, n) and its `fleet_seconds` rows by metric and second (metric, second, total, n). The name
/// seal hashes `metric_names` and `sample_chargers` by id (id, then the name's length and bytes), the two tables
/// apart.
struct SampleSeal {
    private let rows: RawStatement
    private let fleetDays: RawStatement
    private let fleetSeconds: RawStatement
    private let metrics: [Int64]

    init(db: Database) throws {
        rows = try RawStatement(db, "SELECT charger, n, data FROM sample_rows WHERE day = ? ORDER BY charger")
        fleetDays = try RawStatement(db, "SELECT metric, total, n FROM fleet_days WHERE day = ? ORDER BY metric")
        fleetSeconds = try RawStatement(db, """
            SELECT second, total, n FROM fleet_seconds WHERE metric = ? AND second >= ? AND second < ? ORDER BY second
            """)
        metrics = try Int64.fetchAll(db, sql: "SELECT id FROM metric_names ORDER BY id")
    }

    /// The seal of `day`'s rows as stored now.
    func day(_ day: Int64) throws -> [UInt8] {
        var hasher = SealHasher()
        rows.bind(1, day)
        while try rows.step() {
            Self.addRow(&hasher, charger: rows.int64(0), n: rows.int64(1), data: rows.blob(2))
        }
        try addFleetSums(&hasher, day: day)
        return hasher.finish()
    }

    /// A row's part of its day's seal (the import feeds the rows it writes, in key order).
    @inline(__always)
    static func addRow(_ hasher: inout SealHasher, charger: Int64, n: Int64, data: UnsafeRawBufferPointer) {
        hasher.add(charger); hasher.add(n)
        hasher.add(bytes: data)
    }

    /// The fleet-wide sums' part of `day`'s seal, after its rows.
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
