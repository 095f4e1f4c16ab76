internal import GRDB

extension Schema {
    /// v7: seals, so that `verify` need not replay the journal and decode every sample on every run.
    ///
    /// `sample_seals` holds per UTC day the SHA-256 of the day's rows exactly as stored (`SampleSeal`), with the
    /// journal entry and digest they were found to match when the seal was written: by the import that wrote the
    /// day whole, or by a `verify` that checked the day's samples against that entry. `seals` holds the seal of
    /// the tables projected from the journal (`StateSeal`, with the last entry they were found to follow from) and
    /// of the sample store's ids of names (`sample-ids`). None of them is a projection of the journal: a missing
    /// or stale seal only makes `verify` check in full (docs/metrics.md, Verify; docs/engine.md).
    static func createSeals(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sample_seals (
                day INTEGER PRIMARY KEY,
                seq INTEGER NOT NULL,
                digest TEXT NOT NULL,
                seal BLOB NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE seals (
                name TEXT PRIMARY KEY,
                seq INTEGER NOT NULL,
                hash TEXT NOT NULL,
                seal BLOB NOT NULL
            ) WITHOUT ROWID;
            """)
    }
}
