import Foundation
internal import GRDB
import Engine
import Gates

/// Writes the projections of one journal entry, in the transaction that appends it.
/// A cohort's row changes by `Cohort.apply`, the same rule `FleetState` replays in memory; `verify` checks
/// that the tables equal that replay.
enum Projector {
    static func apply(_ entry: JournalEntry, _ db: Database) throws {
        let at = ISOTime.format(entry.at)
        let cohort = entry.cohort
        if case let .created(p) = entry.event {
            try db.execute(sql: "INSERT OR IGNORE INTO playbooks (digest, content) VALUES (?, ?)", arguments: [p.digest, p.content])
            try write(try Cohort.created(entry, p), insert: true, db)
            let statement = try db.cachedStatement(sql: "INSERT INTO cohort_chargers (charger, cohort) VALUES (?, ?)")
            for id in p.chargers { try statement.execute(arguments: [id, cohort]) }
        } else if entry.event.isAboutCohort {
            guard let name = cohort, var row = try MigrateStore.cohort(named: name, db) else {
                throw ProjectionError(seq: entry.seq, message: "entry names cohort '\(cohort ?? "")', which does not exist")
            }
            try row.apply(entry)
            try write(row, insert: false, db)
            if entry.event.endsApprovals { try db.execute(sql: "DELETE FROM approvals WHERE cohort = ?", arguments: [name]) }
            if CohortSegments.concerns(entry.event) { try applySegments(entry, cohort: name, db) }
        }

        switch entry.event {
        case let .fleetImported(p):
            let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO chargers (id, attributes) VALUES (?, ?)")
            for c in p.chargers { try statement.execute(arguments: [c.id, try encodeAttributes(c.attributes)]) }
        case let .routeChanged(p):
            let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO routes (charger, cohort, backend, url, since, seq) VALUES (?, ?, ?, ?, ?, ?)")
            for id in p.chargers { try statement.execute(arguments: [id, cohort, p.backend, p.url, at, entry.seq]) }
        case let .approved(p):
            try db.execute(sql: "INSERT INTO approvals (seq, cohort, phase, actor, role, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [entry.seq, cohort, p.phase, entry.actor, p.role, at, p.note])
        case let .issueOpened(r), let .issueUpdated(r):
            try db.execute(sql: "INSERT OR REPLACE INTO issues (id, record, is_open) VALUES (?, ?, ?)",
                           arguments: [r.id, try encode(r), r.isOpen])
        case let .issueClosed(p):
            guard let text = try String.fetchOne(db, sql: "SELECT record FROM issues WHERE id = ?", arguments: [p.id]) else {
                throw ProjectionError(seq: entry.seq, message: "closes issue \(p.id), which does not exist")
            }
            var r = try JournalCoding.decoder().decode(IssueRecord.self, from: Data(text.utf8))
            r.closedAt = entry.at
            r.closedBy = entry.actor
            r.closeNote = p.note
            try db.execute(sql: "UPDATE issues SET record = ?, is_open = 0 WHERE id = ?", arguments: [try encode(r), p.id])
        case let .metricsImported(p):
            // A frame log is known by its first line, and remembers where it was read up to.
            if let log = p.log {
                try db.execute(sql: "INSERT OR REPLACE INTO frame_logs (head, position, seq) VALUES (?, ?, ?)",
                               arguments: [log.head, try encode(log), entry.seq])
            } else if p.unknownChargers.isEmpty {
                // A file whose samples of unknown chargers were dropped may be imported again once they are in the fleet.
                try db.execute(sql: "INSERT OR IGNORE INTO metric_imports (digest, seq) VALUES (?, ?)", arguments: [p.digest, entry.seq])
            }
        case let .playbookChanged(p):
            try db.execute(sql: "INSERT OR IGNORE INTO playbooks (digest, content) VALUES (?, ?)", arguments: [p.digest, p.content])
        case .tokenCreated, .tokenRevoked:
            try applyToken(entry, db)
        default:
            break
        }
    }

    /// Writes a cohort's row: its status and plan columns hold its `CohortState`.
    static func write(_ c: Cohort, insert: Bool, _ db: Database) throws {
        let arguments: StatementArguments = [c.playbookName, c.playbookDigest, c.phaseIndex, c.status.rawValue, ISOTime.format(c.enteredAt),
                                             ISOTime.format(c.createdAt), c.version, try encode(c.plan), c.name]
        if insert {
            try db.execute(sql: """
                INSERT INTO cohorts (playbook_name, playbook_digest, phase_index, status, entered_at, created_at, version, plan, name)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: arguments)
        } else {
            try db.execute(sql: """
                UPDATE cohorts SET playbook_name = ?, playbook_digest = ?, phase_index = ?, status = ?, entered_at = ?, created_at = ?,
                version = ?, plan = ? WHERE name = ?
                """, arguments: arguments)
        }
    }

    static func encode<T: Encodable>(_ value: T?) throws -> String? {
        guard let value else { return nil }
        return String(decoding: try JournalCoding.encoder().encode(value), as: UTF8.self)
    }

    static func encodeAttributes(_ attributes: [String: String]) throws -> String {
        String(decoding: try JournalCoding.encoder().encode(attributes), as: UTF8.self)
    }
}
