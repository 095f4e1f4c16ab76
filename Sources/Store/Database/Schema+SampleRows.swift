internal import GRDB

extension Schema {
    /// v8: one row per charger and UTC day holding all its metrics (`ChargerDay`), instead of v3's row per charger,
    /// day and metric: seven times fewer rows for the built-in metrics, so an import inserts, a gate seeks and
    /// `verify` steps through that many fewer.
    ///
    /// `sample_rows(day, charger, n, data)`: `n` is the samples the row holds (of every metric), `data` its sections,
    /// one per metric in ascending store id, each what a `sample_chunks` row held (sum, count, first and last time,
    /// the encoded samples: copied byte for byte, not decoded, so a damaged chunk stays damaged and `verify` finds
    /// it). The fleet-wide sums and the store ids do not change. The day seals of v7 hashed `sample_chunks` rows: they
    /// are dropped, and the first `verify` after the upgrade checks every day in depth and seals it again.
    static func createSampleRows(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sample_rows (
                day INTEGER NOT NULL,
                charger INTEGER NOT NULL,
                n INTEGER NOT NULL,
                data BLOB NOT NULL,
                PRIMARY KEY (day, charger)
            ) WITHOUT ROWID;
            """)
        let read = try RawStatement(db, """
            SELECT day, charger, metric, total, n, first, last, samples FROM sample_chunks ORDER BY day, charger, metric
            """)
        let insert = try RawStatement(db, "INSERT INTO sample_rows (day, charger, n, data) VALUES (?, ?, ?, ?)")
        var row = ChargerDayEncoder(day: 0)
        var current: (day: Int64, charger: Int64)?
        func write() throws {
            guard let (day, charger) = current else { return }
            insert.bind(1, day); insert.bind(2, charger); insert.bind(3, row.n)
            try row.bytes.withUnsafeBytes { bytes in
                insert.bindNoCopy(4, bytes)
                try insert.run()
            }
        }
        while try read.step() {
            let day = read.int64(0), charger = read.int64(1)
            if current == nil || current! != (day, charger) {
                try write()
                current = (day, charger)
                row.reset(day: day)
            }
            row.add(metric: read.int64(2), n: read.int64(4), first: read.int64(5), last: read.int64(6), total: read.double(3),
                    encoded: read.blob(7))
        }
        try write()
        try db.execute(sql: "DROP TABLE sample_chunks; DELETE FROM sample_seals")
    }
}
