internal import GRDB

/// The store's schema, as numbered migrations. A shipped migration never changes: add a new one.
enum Schema {
    /// `PRAGMA application_id` of a migrate store: "MGRT".
    static let applicationID: Int32 = 0x4D47_5254

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-journal") { db in
            // Marks the file as a migrate store in the same transaction as its first tables.
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: """
                CREATE TABLE journal (
                    seq INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    cohort TEXT,
                    actor TEXT NOT NULL,
                    reason TEXT,
                    simulated INTEGER NOT NULL,
                    payload TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX journal_cohort ON journal(cohort, seq);
                CREATE TABLE chargers (
                    id TEXT PRIMARY KEY,
                    attributes TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE playbooks (
                    digest TEXT PRIMARY KEY,
                    content TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE cohorts (
                    name TEXT PRIMARY KEY,
                    playbook_name TEXT NOT NULL,
                    playbook_digest TEXT NOT NULL REFERENCES playbooks(digest),
                    phase_index INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    entered_at TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    plan TEXT
                );
                CREATE TABLE cohort_chargers (
                    charger TEXT PRIMARY KEY,
                    cohort TEXT NOT NULL REFERENCES cohorts(name)
                ) WITHOUT ROWID;
                CREATE INDEX cohort_chargers_cohort ON cohort_chargers(cohort);
                CREATE TABLE routes (
                    charger TEXT PRIMARY KEY,
                    cohort TEXT,
                    backend TEXT NOT NULL,
                    url TEXT NOT NULL,
                    since TEXT NOT NULL,
                    seq INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX routes_backend ON routes(backend);
                CREATE TABLE issues (
                    id TEXT PRIMARY KEY,
                    record TEXT NOT NULL,
                    is_open INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE approvals (
                    seq INTEGER PRIMARY KEY,
                    cohort TEXT NOT NULL,
                    phase TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    role TEXT NOT NULL,
                    at TEXT NOT NULL,
                    note TEXT
                );
                CREATE INDEX approvals_cohort ON approvals(cohort);
                CREATE TABLE metric_imports (
                    digest TEXT PRIMARY KEY,
                    seq INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        m.registerMigration("v2-samples", migrate: createSamples)
        m.registerMigration("v3-sample-chunks", migrate: createSampleChunks)
        m.registerMigration("v4-segments", migrate: createSegments)
        m.registerMigration("v5-service", migrate: createService)
        m.registerMigration("v6-frame-logs", migrate: createFrameLogs)
        m.registerMigration("v7-seals", migrate: createSeals)
        m.registerMigration("v8-sample-rows", migrate: createSampleRows)
        return m
    }
}
