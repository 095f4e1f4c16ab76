internal import GRDB

extension Schema {
    /// v6: frame logs imported by `ocpp import`, projected from the `metrics-imported` entries that carry a
    /// `log` position: per log (the SHA-256 of its first line), the position it was read up to (the position's
    /// canonical JSON) and the entry that recorded it.
    static func createFrameLogs(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE frame_logs (
                head TEXT PRIMARY KEY,
                position TEXT NOT NULL,
                seq INTEGER NOT NULL
            ) WITHOUT ROWID;
            """)
    }
}
