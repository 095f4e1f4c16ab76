import Foundation
internal import GRDB
import Engine
import Gates

extension MigrateStore: JournalStore {
    @discardableResult
    public func append(_ entries: [NewEntry], expecting version: Int64?, of cohort: String?) throws -> [JournalEntry] {
        try pool.writeWithoutTransaction { db in
            var appended: [JournalEntry] = []
            try db.inTransaction(.immediate) {
                if let cohort, let version {
                    try Self.checkVersion(db, cohort: cohort, expected: version)
                }
                appended = try entries.map { try Self.append($0, db) }
                return .commit
            }
            return appended
        }
    }

    /// Throws `CohortMovedError` naming who moved the cohort when its version is no longer `expected`.
    static func checkVersion(_ db: Database, cohort: String, expected: Int64) throws {
        let current = try Int64.fetchOne(db, sql: "SELECT version FROM cohorts WHERE name = ?", arguments: [cohort])
        guard let current else { throw StoreError("no cohort named \(cohort)") }
        guard current != expected else { return }
        // Name the transition, not the route change or plan step committed with it.
        let row = try Row.fetchOne(db, sql: """
            SELECT seq, at, kind, actor FROM journal
            WHERE cohort = ? AND seq <= ? AND kind NOT IN ('route-changed', 'step-started', 'step-finished', 'step-failed')
            ORDER BY seq DESC LIMIT 1
            """, arguments: [cohort, current])
            ?? Row.fetchOne(db, sql: "SELECT seq, at, kind, actor FROM journal WHERE seq = ?", arguments: [current])
        throw CohortMovedError(cohort: cohort, by: row?["actor"] ?? "?", kind: EntryKind(rawValue: row?["kind"] ?? "") ?? .advanced,
                               seq: current, at: ISOTime.parse(row?["at"] ?? "") ?? Date())
    }

    /// Appends one entry (hash-chained) and applies it to the projections, inside the caller's transaction.
    static func append(_ new: NewEntry, _ db: Database) throws -> JournalEntry {
        let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
        let seq: Int64 = (last?["seq"] ?? 0) + 1
        let prev: String = last?["hash"] ?? EntryHash.genesis
        let at = ISOTime.format(new.at)
        let payload = try JournalCoding.payload(of: new.event)
        let kind = new.event.kind.rawValue
        let hash = EntryHash.hash(seq: seq, at: at, kind: kind, cohort: new.cohort, actor: new.actor, reason: new.reason,
                                  simulated: new.simulated, payload: payload, prev: prev)
        try db.execute(sql: """
            INSERT INTO journal (seq, at, kind, cohort, actor, reason, simulated, payload, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [seq, at, kind, new.cohort, new.actor, new.reason, new.simulated, payload, prev, hash])
        let entry = JournalEntry(seq: seq, at: ISOTime.truncate(new.at), cohort: new.cohort, actor: new.actor,
                                 reason: new.reason, simulated: new.simulated, event: new.event)
        try Projector.apply(entry, db)
        return entry
    }
}
