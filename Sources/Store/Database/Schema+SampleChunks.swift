internal import GRDB

extension Schema {
    /// v3: sample chunks keyed day first, so that an import of a file in time order appends, and a UTC day's
    /// chunks (what an import's journal entry digests, and `verify` checks) are one range of the key.
    ///
    /// `sample_chunks` holds, per UTC day, metric and charger, that day's raw samples (a blob of (time µs,
    /// value bits) pairs sorted by time, each time once) with their sum (added in time order), count, first
    /// and last time. It replaces v2's `sample_days` (same columns, keyed metric first); the rows are copied.
    /// A copied chunk's sum is recomputed from its samples (v2 added a merge's samples to the old sum).
    static func createSampleChunks(_ db: Database) throws {
        ChunkFunctions.register(db)
        try db.execute(sql: """
            CREATE TABLE sample_chunks (
                day INTEGER NOT NULL,
                metric INTEGER NOT NULL,
                charger INTEGER NOT NULL,
                total REAL NOT NULL,
                n INTEGER NOT NULL,
                first INTEGER NOT NULL,
                last INTEGER NOT NULL,
                samples BLOB NOT NULL,
                PRIMARY KEY (day, metric, charger)
            ) WITHOUT ROWID;
            INSERT INTO sample_chunks (day, metric, charger, total, n, first, last, samples)
                SELECT day, metric, charger, migrate_chunk_sum(samples, -9223372036854775808, 9223372036854775807), n, first, last, samples
                FROM sample_days ORDER BY day, metric, charger;
            DROP TABLE sample_days;
            """)
    }
}
