internal import GRDB

extension Schema {
    /// v3: sample chunks keyed day first, so that an import of a file in time order appends, and a UTC day's
    /// chunks (what an import's journal entry digests, and `verify` checks) are one range of the key.
    ///
    /// `sample_chunks` holds, per UTC day, metric and charger, that day's raw samples (sorted by time, each
    /// time once, compactly encoded: see `SampleChunk`) with their sum (added in time order), count, first and
    /// last time. It replaces v2's `sample_days` (keyed metric first, 16 bytes a sample): the rows are copied
    /// and re-encoded.
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
                SELECT day, metric, charger, migrate_v2_chunk_total(samples), n, first, last, migrate_v2_chunk_encode(samples, day)
                FROM sample_days ORDER BY day, metric, charger;
            DROP TABLE sample_days;
            """)
    }
}
