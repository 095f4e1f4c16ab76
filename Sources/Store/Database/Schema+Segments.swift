internal import GRDB

extension Schema {
    /// v4: what a cohort has set aside, projected from the journal like the rest: quarantined segments
    /// (`segment-quarantined`, `segment-released`) and the chargers a preflight held back (`preflight-held`).
    /// Numbered 4 because v3 is the sample store's rework (`v3-sample-chunks`), landing separately.
    static func createSegments(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE quarantines (
                cohort TEXT NOT NULL,
                attribute TEXT NOT NULL,
                value TEXT NOT NULL,
                chargers TEXT NOT NULL,
                gate TEXT NOT NULL,
                detail TEXT NOT NULL,
                phase TEXT NOT NULL,
                since TEXT NOT NULL,
                seq INTEGER NOT NULL,
                PRIMARY KEY (cohort, attribute, value)
            ) WITHOUT ROWID;
            CREATE TABLE preflight_holds (
                cohort TEXT NOT NULL,
                charger TEXT NOT NULL,
                phase TEXT NOT NULL,
                reasons TEXT NOT NULL,
                since TEXT NOT NULL,
                seq INTEGER NOT NULL,
                PRIMARY KEY (cohort, charger)
            ) WITHOUT ROWID;
            """)
    }
}
