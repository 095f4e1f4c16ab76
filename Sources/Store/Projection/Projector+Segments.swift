import Foundation
internal import GRDB
import Engine

extension Projector {
    /// A cohort's quarantines and held-back chargers change by `CohortSegments.apply`, the rule `FleetState` replays;
    /// the rows are rewritten only when it changed them.
    static func applySegments(_ entry: JournalEntry, cohort: String, _ db: Database) throws {
        let before = try MigrateStore.segments(of: cohort, db)
        var after = before
        try after.apply(entry)
        guard after != before else { return }
        try db.execute(sql: "DELETE FROM quarantines WHERE cohort = ?", arguments: [cohort])
        try db.execute(sql: "DELETE FROM preflight_holds WHERE cohort = ?", arguments: [cohort])
        for q in after.quarantines {
            try db.execute(sql: """
                INSERT INTO quarantines (cohort, attribute, value, chargers, gate, detail, phase, since, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [cohort, q.attribute, q.value, try encode(q.chargers), q.gate, q.detail, q.phase, ISOTime.format(q.since), q.seq])
        }
        let statement = try db.cachedStatement(sql: "INSERT INTO preflight_holds (cohort, charger, phase, reasons, since, seq) VALUES (?, ?, ?, ?, ?, ?)")
        for h in after.held {
            try statement.execute(arguments: [cohort, h.charger, h.phase, try encode(h.reasons), ISOTime.format(h.since), h.seq])
        }
    }
}

extension MigrateStore {
    /// A cohort's quarantined segments and held-back chargers, as the tables hold them.
    static func segments(of cohort: String, _ db: Database) throws -> CohortSegments {
        let decoder = JournalCoding.decoder()
        let quarantines = try Row.fetchAll(db, sql: "SELECT * FROM quarantines WHERE cohort = ? ORDER BY attribute, value", arguments: [cohort]).map { row in
            Quarantine(attribute: row["attribute"], value: row["value"],
                       chargers: try decoder.decode([String].self, from: Data((row["chargers"] as String).utf8)),
                       gate: row["gate"], detail: row["detail"], phase: row["phase"],
                       since: ISOTime.parse(row["since"]) ?? Date(timeIntervalSince1970: 0), seq: row["seq"])
        }
        let held = try Row.fetchAll(db, sql: "SELECT * FROM preflight_holds WHERE cohort = ? ORDER BY charger", arguments: [cohort]).map { row in
            HeldCharger(charger: row["charger"], phase: row["phase"],
                        reasons: try decoder.decode([String].self, from: Data((row["reasons"] as String).utf8)),
                        since: ISOTime.parse(row["since"]) ?? Date(timeIntervalSince1970: 0), seq: row["seq"])
        }
        return CohortSegments(quarantines: quarantines, held: held)
    }

    /// Every cohort's quarantines and held-back chargers (cohorts with none are absent), for `verify`.
    static func allSegments(_ db: Database) throws -> [String: CohortSegments] {
        var result: [String: CohortSegments] = [:]
        let names = try String.fetchAll(db, sql: "SELECT cohort FROM quarantines UNION SELECT cohort FROM preflight_holds")
        for name in names { result[name] = try segments(of: name, db) }
        return result
    }
}
