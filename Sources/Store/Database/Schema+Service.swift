internal import GRDB

extension Schema {
    /// v5: what `migrate serve` keeps. `tokens` is a projection of `token-created` and `token-revoked` entries
    /// (only the SHA-256 of a secret is stored). `leases` and `alert_states` are the servers' working state, not
    /// projections: a lease says which server evaluates (a row with an expiry, taken in an immediate transaction);
    /// an alert state is the last state alerted about (so an unchanged state is never alerted twice).
    static func createService(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE tokens (
                id TEXT PRIMARY KEY,
                person TEXT NOT NULL,
                role TEXT NOT NULL,
                approves TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                expires_at TEXT,
                revoked_at TEXT,
                hash TEXT NOT NULL UNIQUE,
                seq INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE leases (
                name TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                expires_at REAL NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE alert_states (
                key TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                at TEXT NOT NULL
            ) WITHOUT ROWID;
            """)
    }
}
