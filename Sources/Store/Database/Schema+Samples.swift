internal import GRDB

extension Schema {
    /// Metric samples (bulk data, not journal entries) and their rollups.
    ///
    /// Names and charger ids are mapped to small integers. `sample_days` holds, per metric, charger and
    /// UTC day, the day's raw samples (a blob of (time, value) pairs sorted by time, each time once: a
    /// sample is unique by metric, charger and time) with their sum, count, first and last time; the
    /// import maintains it in the same transaction as its journal entry. A window's totals read the sums
    /// of its whole days and the samples of its partial edge days, so they cost chargers × days.
    /// `fleet_days` and `fleet_seconds` hold the same sums over every charger with samples, per day and
    /// per second: a group larger than half of those chargers is answered as the fleet minus the rest.
    /// `sample_store.token` is random per store, so that a process may cache charger ids safely.
    /// Times are microseconds since 1970 (UTC); days are whole UTC days since 1970.
    static func createSamples(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE metric_names (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE
            );
            CREATE TABLE sample_chargers (
                id INTEGER PRIMARY KEY,
                charger TEXT NOT NULL UNIQUE
            );
            CREATE TABLE sample_store (
                token TEXT NOT NULL
            );
            INSERT INTO sample_store (token) VALUES (lower(hex(randomblob(16))));
            CREATE TABLE sample_days (
                metric INTEGER NOT NULL,
                charger INTEGER NOT NULL,
                day INTEGER NOT NULL,
                total REAL NOT NULL,
                n INTEGER NOT NULL,
                first INTEGER NOT NULL,
                last INTEGER NOT NULL,
                samples BLOB NOT NULL,
                PRIMARY KEY (metric, charger, day)
            ) WITHOUT ROWID;
            CREATE TABLE fleet_days (
                metric INTEGER NOT NULL,
                day INTEGER NOT NULL,
                total REAL NOT NULL,
                n INTEGER NOT NULL,
                PRIMARY KEY (metric, day)
            ) WITHOUT ROWID;
            CREATE TABLE fleet_seconds (
                metric INTEGER NOT NULL,
                second INTEGER NOT NULL,
                total REAL NOT NULL,
                n INTEGER NOT NULL,
                PRIMARY KEY (metric, second)
            ) WITHOUT ROWID;
            """)
    }
}
