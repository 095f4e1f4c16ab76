import Foundation
internal import GRDB
import Engine
import Gates

extension MigrateStore: JournalStore {
    @discardableResult
    public func append(_ entries: [NewEntry], if condition: AppendCondition) throws -> [JournalEntry] {
        // Text from people (actor, reason, notes, issue fields) within its limits, or nothing is written.
        if let problem = entries.lazy.compactMap(\.textProblem).first { throw MigrateError.invalid(problem) }
        try requireWritable()
        return try pool.writeWithoutTransaction { db in
            var appended: [JournalEntry] = []
            try db.inTransaction(.immediate) {
                try Self.check(condition, db)
                appended = try entries.map { try Self.append($0, db) }
                return .commit
            }
            return appended
        }
    }

    /// Throws, naming what moved, when `condition` no longer holds.
    static func check(_ condition: AppendCondition, _ db: Database) throws {
        switch condition {
        case .none:
            return
        case let .cohortVersion(cohort, expected):
            try checkVersion(db, cohort: cohort, expected: expected)
        case let .cohortPosition(cohort, phaseIndex, status, version):
            guard let now = try Self.cohort(named: cohort, db) else { throw MigrateError.unknownCohort(cohort, known: try cohortNames(db)) }
            if now.phaseIndex != phaseIndex || now.status != status { try checkVersion(db, cohort: cohort, expected: version) }
        case let .journalHead(expected):
            let head = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM journal") ?? 0
            if head != expected { throw JournalMovedError(expected: expected, found: head) }
        }
    }

    /// Throws `CohortMovedError` naming who moved the cohort when its version is no longer `expected`.
    static func checkVersion(_ db: Database, cohort: String, expected: Int64) throws {
        let current = try Int64.fetchOne(db, sql: "SELECT version FROM cohorts WHERE name = ?", arguments: [cohort])
        guard let current else { throw MigrateError.unknownCohort(cohort, known: try cohortNames(db)) }
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

    /// Refuses an entry about a cohort dated before the cohort's latest entry: a clock set back (`--now`, or the
    /// machine's clock jumping) must not enter a phase before the one it left, nor backdate approvals.
    static func checkTime(_ new: NewEntry, _ db: Database) throws {
        guard let cohort = new.cohort,
              let row = try Row.fetchOne(db, sql: "SELECT seq, at FROM journal WHERE cohort = ? ORDER BY seq DESC LIMIT 1", arguments: [cohort]),
              let latest = ISOTime.parse(row["at"]) else { return }
        if new.at < latest {
            throw MigrateError.invalid("the clock reads \(ISOTime.format(new.at)), before cohort \(cohort)'s latest journal entry (\(row["seq"] as Int64), at \(ISOTime.format(latest))); time does not go backwards in a cohort's journal, nothing changed",
                                       subject: .cohort(cohort, known: []))
        }
    }

    /// Appends one entry (hash-chained) and applies it to the projections, inside the caller's transaction.
    static func append(_ new: NewEntry, _ db: Database) throws -> JournalEntry {
        try checkTime(new, db)
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
