internal import GRDB

extension Schema {
    /// Metric samples (bulk data, not journal entries) and their rollups.
    ///
    /// A sample is unique by (metric, charger, time): the primary key of `samples`. Names and charger ids
    /// are mapped to small integers. `sample_days` holds, per metric, charger and UTC day, the sum and
    /// count of the samples of that day; it is maintained by the import, in the same transaction as the
    /// samples, so a window's totals cost chargers × days plus the raw samples of its partial edge days.
    /// `fleet_days` and `fleet_seconds` hold the same sums over every charger with samples, per day and
    /// per second: a group larger than half of those chargers is answered as the fleet minus the rest.
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
            CREATE TABLE samples (
                metric INTEGER NOT NULL,
                charger INTEGER NOT NULL,
                t INTEGER NOT NULL,
                value REAL NOT NULL,
                PRIMARY KEY (metric, charger, t)
            ) WITHOUT ROWID;
            CREATE TABLE sample_days (
                metric INTEGER NOT NULL,
                charger INTEGER NOT NULL,
                day INTEGER NOT NULL,
                total REAL NOT NULL,
                n INTEGER NOT NULL,
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
