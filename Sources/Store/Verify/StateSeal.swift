import Foundation
internal import GRDB

/// The seal of the tables projected from the journal: SHA-256 over every row of each, as stored, in key order
/// (each column tagged with its type). Stored in `seals` with the last journal entry (seq and hash) the tables
/// were found to follow from by a replay: while the journal still ends with that entry and the tables hash to the
/// seal, they still follow from it, and `verify` need not replay the journal.
enum StateSeal {
    /// The projections `verify` compares with the replay (`MigrateStore.loadState`), each ordered by its key.
    static let projections = [
        "chargers ORDER BY id", "cohorts ORDER BY name", "cohort_chargers ORDER BY charger", "playbooks ORDER BY digest",
        "routes ORDER BY charger", "issues ORDER BY id", "approvals ORDER BY seq", "metric_imports ORDER BY digest",
        "frame_logs ORDER BY head", "quarantines ORDER BY cohort, attribute, value", "preflight_holds ORDER BY cohort, charger",
        "tokens ORDER BY id",
    ]

    static func tables(_ db: Database) throws -> [UInt8] {
        var hasher = SealHasher()
        for table in projections {
            let rows = try RawStatement(db, "SELECT * FROM \(table)")
            while try rows.step() { rows.addRow(to: &hasher) }
            hasher.add(Int64(-1))
        }
        return hasher.finish()
    }

    static func stored(_ db: Database) throws -> (seq: Int64, hash: String, seal: [UInt8])? {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash, seal FROM seals WHERE name = 'tables'") else { return nil }
        return (row[0], row[1], Array(row[2] as Data))
    }

    static func write(seq: Int64, hash: String, seal: [UInt8], _ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO seals (name, seq, hash, seal) VALUES ('tables', ?, ?, ?)", arguments: [seq, hash, Data(seal)])
    }
}

/// What a `verify` found to follow from the journal in depth, to seal once it is done.
struct PendingSeals {
    var tables: (seq: Int64, hash: String, seal: [UInt8])?
    var samples = SampleVerification.Result()

    var isEmpty: Bool { tables == nil && samples.newSeals.isEmpty && samples.newNameSeal == nil }

    func write(_ db: Database) throws {
        if let tables { try StateSeal.write(seq: tables.seq, hash: tables.hash, seal: tables.seal, db) }
        for s in samples.newSeals { try SampleSeal.write(day: s.day, seq: s.seq, digest: s.digest, seal: s.seal, db) }
        if let names = samples.newNameSeal { try SampleSeal.writeNames(names, db) }
    }
}
