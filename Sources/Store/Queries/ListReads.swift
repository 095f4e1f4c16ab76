import Foundation
internal import GRDB
import Engine
import Gates

extension MigrateStore: JournalReading {
    public func fleet() throws -> [Charger] {
        try pool.read { db in
            // Columns by position: a lookup by name lowercases it, per row (100,000 rows at fleet scale).
            var memo = AttributesMemo()
            var chargers: [Charger] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT id, attributes FROM chargers ORDER BY id")
            while let row = try rows.next() { chargers.append(Charger(id: row[0], attributes: try memo.decode(row[1]))) }
            return chargers
        }
    }

    public func cohorts() throws -> [Cohort] {
        try pool.read { db in try Self.allCohorts(db) }
    }

    public func journalHead() throws -> Int64 {
        try pool.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM journal") ?? 0 }
    }

    public func memberships() throws -> [String: String] {
        try pool.read { db in
            var owner: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT charger, cohort FROM cohort_chargers") { owner[row["charger"]] = row["cohort"] }
            return owner
        }
    }

    /// Chargers per backend of a cohort.
    public func routeCounts(of cohort: String) throws -> [String: Int] {
        try pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT backend, COUNT(*) AS n FROM routes WHERE cohort = ? GROUP BY backend", arguments: [cohort]) {
                counts[row["backend"]] = row["n"]
            }
            return counts
        }
    }

    /// The routing table, optionally of one cohort, by charger id.
    public func routes(cohort: String?) throws -> [Route] {
        try pool.read { db in
            if let cohort, try Self.cohort(named: cohort, db) == nil { throw MigrateError.unknownCohort(cohort, known: try Self.cohortNames(db)) }
            let sql = "SELECT charger, cohort, backend, url, since, seq FROM routes" + (cohort == nil ? "" : " WHERE cohort = ?")
                + " ORDER BY charger"
            // A cursor, not `fetchAll` (a copy of every row first); a transition's chargers share its `since`: parsed once.
            let rows = try Row.fetchCursor(db, sql: sql, arguments: cohort.map { [$0] } ?? [])
            var routes: [Route] = []
            var since: (text: String, date: Date)?
            while let row = try rows.next() {
                let text: String = row[4]
                let date: Date
                if let since, since.text == text { date = since.date } else {
                    date = ISOTime.parse(text) ?? Date(timeIntervalSince1970: 0)
                    since = (text, date)
                }
                routes.append(Route(charger: row[0], cohort: row[1], backend: row[2], url: row[3], since: date, seq: row[5]))
            }
            return routes
        }
    }

    /// The journal, oldest first: every entry, or those about one cohort (its own and the issue
    /// entries that name it are included).
    public func history(cohort: String?) throws -> [JournalEntry] {
        try pool.read { db in
            if let cohort, try Self.cohort(named: cohort, db) == nil { throw MigrateError.unknownCohort(cohort, known: try Self.cohortNames(db)) }
            let sql = cohort == nil ? "SELECT * FROM journal ORDER BY seq" : "SELECT * FROM journal WHERE cohort = ? ORDER BY seq"
            return try Row.fetchAll(db, sql: sql, arguments: cohort.map { [$0] } ?? []).map(Self.entry(from:))
        }
    }

    /// The entries after entry `seq`, oldest first, at most `limit` (the primary key's range: no scan of what came before).
    public func entries(after seq: Int64, limit: Int) throws -> [JournalEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM journal WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit]).map(Self.entry(from:))
        }
    }

    static func entry(from row: Row) throws -> JournalEntry {
        let kind = EntryKind(rawValue: row["kind"]) ?? .blocked
        return JournalEntry(seq: row["seq"], at: ISOTime.parse(row["at"]) ?? Date(timeIntervalSince1970: 0), cohort: row["cohort"],
                            actor: row["actor"], reason: row["reason"], simulated: row["simulated"],
                            event: try JournalCoding.event(kind: kind, payload: row["payload"]))
    }
}
