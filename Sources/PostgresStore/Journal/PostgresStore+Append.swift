import Engine
import Foundation
import Gates
import PostgresNIO
import Store

extension PostgresStore: JournalStore {
    @discardableResult
    public func append(_ entries: [NewEntry], if condition: AppendCondition) throws -> [JournalEntry] {
        if let problem = entries.lazy.compactMap(\.textProblem).first { throw MigrateError.invalid(problem) }
        return try session.run { c in
            try await c.transaction(c.logger) {
                try await Self.lockJournal(c)
                try await Self.check(condition, c)
                var appended: [JournalEntry] = []
                for entry in entries { appended.append(try await Self.append(entry, c)) }
                return appended
            }
        }
    }

    /// Takes the journal's advisory lock for the rest of the transaction: the first statement of every
    /// transaction that appends, so that it reads the head (and the versions it checks) after the previous
    /// appender committed.
    static func lockJournal(_ c: PostgresConnection) async throws {
        try await c.exec("SELECT pg_advisory_xact_lock(\(journalLock))", c.logger)
    }

    /// Throws, naming what moved, when `condition` no longer holds.
    static func check(_ condition: AppendCondition, _ c: PostgresConnection) async throws {
        switch condition {
        case .none:
            return
        case let .cohortVersion(cohort, expected):
            try await checkVersion(c, cohort: cohort, expected: expected)
        case let .cohortPosition(cohort, phaseIndex, status, version):
            guard let now = try await Self.cohort(named: cohort, c) else { throw MigrateError.unknownCohort(cohort, known: try await cohortNames(c)) }
            if now.phaseIndex != phaseIndex || now.status != status { try await checkVersion(c, cohort: cohort, expected: version) }
        case let .journalHead(expected):
            let head = try await head(c)
            if head != expected { throw JournalMovedError(expected: expected, found: head) }
        }
    }

    static func head(_ c: PostgresConnection) async throws -> Int64 {
        try await c.scalar("SELECT MAX(seq) FROM journal", as: Int64.self, c.logger) ?? 0
    }

    /// Throws `CohortMovedError` naming who moved the cohort when its version is no longer `expected`.
    static func checkVersion(_ c: PostgresConnection, cohort: String, expected: Int64) async throws {
        guard let current = try await c.scalar("SELECT version FROM cohorts WHERE name = \(cohort)", as: Int64.self, c.logger) else {
            throw MigrateError.unknownCohort(cohort, known: try await cohortNames(c))
        }
        guard current != expected else { return }
        var rows = try await c.rows("""
            SELECT seq, at, kind, actor FROM journal
            WHERE cohort = \(cohort) AND seq <= \(current) AND kind NOT IN ('route-changed', 'step-started', 'step-finished', 'step-failed')
            ORDER BY seq DESC LIMIT 1
            """, c.logger)
        if rows.isEmpty { rows = try await c.rows("SELECT seq, at, kind, actor FROM journal WHERE seq = \(current)", c.logger) }
        let row = try rows.first?.decode((Int64, String, String, String).self)
        throw CohortMovedError(cohort: cohort, by: row?.3 ?? "?", kind: EntryKind(rawValue: row?.2 ?? "") ?? .advanced,
                               seq: current, at: ISOTime.parse(row?.1 ?? "") ?? Date())
    }

    /// Refuses an entry about a cohort dated before the cohort's latest entry.
    static func checkTime(_ new: NewEntry, _ c: PostgresConnection) async throws {
        guard let cohort = new.cohort,
              let row = try await c.rows("SELECT seq, at FROM journal WHERE cohort = \(cohort) ORDER BY seq DESC LIMIT 1", c.logger).first
        else { return }
        let (seq, at) = try row.decode((Int64, String).self)
        guard let latest = ISOTime.parse(at) else { return }
        if new.at < latest {
            throw MigrateError.invalid("the clock reads \(ISOTime.format(new.at)), before cohort \(cohort)'s latest journal entry (\(seq), at \(ISOTime.format(latest))); time does not go backwards in a cohort's journal, nothing changed",
                                       subject: .cohort(cohort, known: []))
        }
    }

    /// Appends one entry (hash-chained, the same bytes as the SQLite store) and applies it to the projections,
    /// inside the caller's transaction, which holds the journal lock.
    static func append(_ new: NewEntry, _ c: PostgresConnection) async throws -> JournalEntry {
        try await checkTime(new, c)
        let last = try await c.rows("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1", c.logger).first?.decode((Int64, String).self)
        let seq = (last?.0 ?? 0) + 1
        let prev = last?.1 ?? EntryHash.genesis
        let at = ISOTime.format(new.at)
        let payload = try JournalCoding.payload(of: new.event)
        let kind = new.event.kind.rawValue
        let hash = EntryHash.hash(seq: seq, at: at, kind: kind, cohort: new.cohort, actor: new.actor, reason: new.reason,
                                  simulated: new.simulated, payload: payload, prev: prev)
        try await c.exec("""
            INSERT INTO journal (seq, at, kind, cohort, actor, reason, simulated, payload, prev_hash, hash)
            VALUES (\(seq), \(at), \(kind), \(new.cohort), \(new.actor), \(new.reason), \(new.simulated), \(payload), \(prev), \(hash))
            """, c.logger)
        let entry = JournalEntry(seq: seq, at: ISOTime.truncate(new.at), cohort: new.cohort, actor: new.actor,
                                 reason: new.reason, simulated: new.simulated, event: new.event)
        try await PostgresProjector.apply(entry, c)
        // The seam for LISTEN/NOTIFY (delivered when the transaction commits, never when it rolls back): every
        // append on `migrate_journal`, a route change also on `migrate_routes_changed` (what a proxy follows).
        try await c.exec("SELECT pg_notify('migrate_journal', \(String(seq)))", c.logger)
        if case .routeChanged = new.event {
            try await c.exec("SELECT pg_notify(\(Self.routesChangedChannel), \(String(seq)))", c.logger)
        }
        return entry
    }
}
