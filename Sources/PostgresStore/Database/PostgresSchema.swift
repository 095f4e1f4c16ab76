import Foundation

/// The PostgreSQL store's schema, as numbered migrations recorded in `migrate_schema`. A shipped migration never
/// changes: add a new one. Text keys are `COLLATE "C"` so that rows sort bytewise, as in the SQLite store.
enum PostgresSchema {
    /// Marks a database as a migrate store (`migrate_store.application`).
    static let application = "migrate"

    struct Migration {
        var version: Int
        var name: String
        var sql: String

        /// The statements of `sql`, one at a time (the extended protocol runs one per query).
        var statements: [String] {
            sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        }
    }

    static let migrations: [Migration] = [
        Migration(version: 1, name: "journal", sql: """
            CREATE TABLE migrate_store (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                application TEXT NOT NULL,
                token TEXT NOT NULL
            );
            INSERT INTO migrate_store (id, application, token) VALUES (1, 'migrate', md5(random()::text || clock_timestamp()::text));
            CREATE TABLE journal (
                seq BIGINT PRIMARY KEY,
                at TEXT NOT NULL,
                kind TEXT NOT NULL,
                cohort TEXT COLLATE "C",
                actor TEXT NOT NULL,
                reason TEXT,
                simulated BOOLEAN NOT NULL,
                payload TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE INDEX journal_cohort ON journal (cohort, seq);
            CREATE TABLE chargers (
                id TEXT COLLATE "C" PRIMARY KEY,
                attributes TEXT NOT NULL
            );
            CREATE TABLE playbooks (
                digest TEXT COLLATE "C" PRIMARY KEY,
                content TEXT NOT NULL
            );
            CREATE TABLE cohorts (
                name TEXT COLLATE "C" PRIMARY KEY,
                playbook_name TEXT NOT NULL,
                playbook_digest TEXT COLLATE "C" NOT NULL REFERENCES playbooks (digest),
                phase_index INTEGER NOT NULL,
                status TEXT NOT NULL,
                entered_at TEXT NOT NULL,
                created_at TEXT NOT NULL,
                version BIGINT NOT NULL,
                plan TEXT
            );
            CREATE TABLE cohort_chargers (
                charger TEXT COLLATE "C" PRIMARY KEY,
                cohort TEXT COLLATE "C" NOT NULL REFERENCES cohorts (name)
            );
            CREATE INDEX cohort_chargers_cohort ON cohort_chargers (cohort);
            CREATE TABLE routes (
                charger TEXT COLLATE "C" PRIMARY KEY,
                cohort TEXT COLLATE "C",
                backend TEXT COLLATE "C" NOT NULL,
                url TEXT NOT NULL,
                since TEXT NOT NULL,
                seq BIGINT NOT NULL
            );
            CREATE INDEX routes_backend ON routes (backend);
            CREATE INDEX routes_cohort ON routes (cohort);
            CREATE TABLE issues (
                id TEXT COLLATE "C" PRIMARY KEY,
                record TEXT NOT NULL,
                is_open BOOLEAN NOT NULL
            );
            CREATE TABLE approvals (
                seq BIGINT PRIMARY KEY,
                cohort TEXT COLLATE "C" NOT NULL,
                phase TEXT NOT NULL,
                actor TEXT NOT NULL,
                role TEXT NOT NULL,
                at TEXT NOT NULL,
                note TEXT
            );
            CREATE INDEX approvals_cohort ON approvals (cohort);
            CREATE TABLE metric_imports (
                digest TEXT COLLATE "C" PRIMARY KEY,
                seq BIGINT NOT NULL
            );
            CREATE TABLE quarantines (
                cohort TEXT COLLATE "C" NOT NULL,
                attribute TEXT COLLATE "C" NOT NULL,
                value TEXT COLLATE "C" NOT NULL,
                chargers TEXT NOT NULL,
                gate TEXT NOT NULL,
                detail TEXT NOT NULL,
                phase TEXT NOT NULL,
                since TEXT NOT NULL,
                seq BIGINT NOT NULL,
                PRIMARY KEY (cohort, attribute, value)
            );
            CREATE TABLE preflight_holds (
                cohort TEXT COLLATE "C" NOT NULL,
                charger TEXT COLLATE "C" NOT NULL,
                phase TEXT NOT NULL,
                reasons TEXT NOT NULL,
                since TEXT NOT NULL,
                seq BIGINT NOT NULL,
                PRIMARY KEY (cohort, charger)
            );
            """),
        // Samples: raw rows keyed day first (an import in time order appends), and per (day, metric, charger) their
        // sum added in time order, count, first and last time: the same rollup the SQLite store keeps per chunk.
        // Names and charger ids map to small integers, numbered in the order first seen, as in the SQLite store.
        Migration(version: 2, name: "samples", sql: """
            CREATE TABLE metric_names (
                id INTEGER PRIMARY KEY,
                name TEXT COLLATE "C" NOT NULL UNIQUE
            );
            CREATE TABLE sample_chargers (
                id INTEGER PRIMARY KEY,
                charger TEXT COLLATE "C" NOT NULL UNIQUE
            );
            CREATE TABLE samples (
                day INTEGER NOT NULL,
                metric INTEGER NOT NULL,
                charger INTEGER NOT NULL,
                t BIGINT NOT NULL,
                v DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (day, metric, charger, t)
            );
            CREATE TABLE sample_days (
                day INTEGER NOT NULL,
                metric INTEGER NOT NULL,
                charger INTEGER NOT NULL,
                total DOUBLE PRECISION NOT NULL,
                n BIGINT NOT NULL,
                first BIGINT NOT NULL,
                last BIGINT NOT NULL,
                PRIMARY KEY (day, metric, charger)
            );
            CREATE INDEX sample_days_metric ON sample_days (metric, day, charger);
            """),
        // What `migrate serve` keeps (tokens projected from the journal; leases and alert states, the servers' working
        // state) and the frame logs `ocpp import` read, projected from `metrics-imported` entries with a `log`.
        Migration(version: 3, name: "service-and-frame-logs", sql: """
            CREATE TABLE tokens (
                id TEXT COLLATE "C" PRIMARY KEY,
                person TEXT NOT NULL,
                role TEXT NOT NULL,
                approves TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                expires_at TEXT,
                revoked_at TEXT,
                hash TEXT NOT NULL UNIQUE,
                seq BIGINT NOT NULL
            );
            CREATE TABLE leases (
                name TEXT COLLATE "C" PRIMARY KEY,
                holder TEXT NOT NULL,
                expires_at DOUBLE PRECISION NOT NULL
            );
            CREATE TABLE alert_states (
                key TEXT COLLATE "C" PRIMARY KEY,
                state TEXT NOT NULL,
                at TEXT NOT NULL
            );
            CREATE TABLE frame_logs (
                head TEXT COLLATE "C" PRIMARY KEY,
                position TEXT NOT NULL,
                seq BIGINT NOT NULL
            );
            """),
        // Fleet-wide sums per (metric, day) and per (metric, second) that has samples, over every charger: a large group
        // (the rest of the fleet) is then the fleet minus the chargers outside it, as the SQLite store answers it.
        // Filled here from the samples already stored; each import rewrites those of the days it added to.
        Migration(version: 4, name: "fleet-sums", sql: """
            CREATE TABLE fleet_days (
                metric INTEGER NOT NULL,
                day INTEGER NOT NULL,
                total DOUBLE PRECISION NOT NULL,
                n BIGINT NOT NULL,
                PRIMARY KEY (metric, day)
            );
            CREATE TABLE fleet_seconds (
                metric INTEGER NOT NULL,
                second BIGINT NOT NULL,
                total DOUBLE PRECISION NOT NULL,
                n BIGINT NOT NULL,
                PRIMARY KEY (metric, second)
            );
            INSERT INTO fleet_days (metric, day, total, n) \(PostgresFleetSums.daysFromRollups(where: "TRUE"));
            INSERT INTO fleet_seconds (metric, second, total, n) \(PostgresFleetSums.secondsFromSamples(where: "TRUE"))
            """),
        // A row per charger and UTC day holding all its samples of that day (as the SQLite store's `v8-sample-rows`):
        // 300,000 rows for 10,000 chargers over 30 days instead of 6 million samples, each with an index entry. The
        // rows are built from the samples and rollups already stored, as they are (`PostgresSampleRows`); `samples`
        // and `sample_days` become views over them, so what reads them reads the same columns.
        Migration(version: 5, name: "sample-rows", sql: """
            \(PostgresSampleRows.createTable);
            INSERT INTO sample_rows (day, charger, metrics, totals, counts, firsts, lasts, m, t, v)
            \(PostgresSampleRows.rows(samples: "samples", rollups: "sample_days"));
            DROP TABLE samples;
            DROP TABLE sample_days;
            \(PostgresSampleRows.createViews)
            """),
    ]
}
