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
            return try Row.fetchAll(db, sql: sql, arguments: cohort.map { [$0] } ?? []).map {
                Route(charger: $0[0], cohort: $0[1], backend: $0[2], url: $0[3],
                      since: ISOTime.parse($0[4]) ?? Date(timeIntervalSince1970: 0), seq: $0[5])
            }
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
