import Engine
import Foundation
import Gates
import PostgresNIO
import Store

/// Writes the projections of one journal entry, in the transaction that appends it: the SQLite store's
/// `Projector` statement for statement. A cohort's row changes by `Cohort.apply` and its segments by
/// `CohortSegments.apply`, the rules `FleetState` replays, so `verify` compares both stores the same way.
enum PostgresProjector {
    static func apply(_ entry: JournalEntry, _ c: PostgresConnection) async throws {
        let log = c.logger, log_ = c.logger
        let at = ISOTime.format(entry.at)
        let cohort = entry.cohort
        if case let .created(p) = entry.event {
            try await c.exec("INSERT INTO playbooks (digest, content) VALUES (\(p.digest), \(p.content)) ON CONFLICT DO NOTHING", log)
            try await write(try Cohort.created(entry, p), insert: true, c)
            try await c.exec("""
                INSERT INTO cohort_chargers (charger, cohort) SELECT unnest(\(p.chargers)::text[]), \(cohort)
                """, log)
        } else if entry.event.isAboutCohort {
            guard let name = cohort, var row = try await PostgresStore.cohort(named: name, c) else {
                throw ProjectionError(seq: entry.seq, message: "entry names cohort '\(cohort ?? "")', which does not exist")
            }
            try row.apply(entry)
            try await write(row, insert: false, c)
            if entry.event.endsApprovals { try await c.exec("DELETE FROM approvals WHERE cohort = \(name)", log) }
            if CohortSegments.concerns(entry.event) { try await applySegments(entry, cohort: name, c) }
        }

        switch entry.event {
        case let .fleetImported(p):
            let ids = p.chargers.map(\.id)
            let attributes = try p.chargers.map { try encode($0.attributes) ?? "{}" }
            try await c.exec("""
                INSERT INTO chargers (id, attributes) SELECT * FROM unnest(\(ids)::text[], \(attributes)::text[])
                ON CONFLICT (id) DO UPDATE SET attributes = excluded.attributes
                """, log)
        case let .routeChanged(p):
            try await c.exec("""
                INSERT INTO routes (charger, cohort, backend, url, since, seq) SELECT unnest(\(p.chargers)::text[]), \(cohort), \(p.backend), \(p.url), \(at), \(entry.seq)
                ON CONFLICT (charger) DO UPDATE SET cohort = excluded.cohort, backend = excluded.backend, url = excluded.url,
                    since = excluded.since, seq = excluded.seq
                """, log)
        case let .approved(p):
            try await c.exec("""
                INSERT INTO approvals (seq, cohort, phase, actor, role, at, note) VALUES (\(entry.seq), \(cohort), \(p.phase), \(entry.actor), \(p.role), \(at), \(p.note))
                """, log)
        case let .issueOpened(r), let .issueUpdated(r):
            try await c.exec("""
                INSERT INTO issues (id, record, is_open) VALUES (\(r.id), \(try encode(r)), \(r.isOpen))
                ON CONFLICT (id) DO UPDATE SET record = excluded.record, is_open = excluded.is_open
                """, log)
        case let .issueClosed(p):
            guard let text = try await c.scalar("SELECT record FROM issues WHERE id = \(p.id)", as: String.self, log) else {
                throw ProjectionError(seq: entry.seq, message: "closes issue \(p.id), which does not exist")
            }
            var r = try JournalCoding.decoder().decode(IssueRecord.self, from: Data(text.utf8))
            r.closedAt = entry.at
            r.closedBy = entry.actor
            r.closeNote = p.note
            try await c.exec("UPDATE issues SET record = \(try encode(r)), is_open = false WHERE id = \(p.id)", log)
        case let .metricsImported(p):
            if let log = p.log {
                try await c.exec("""
                    INSERT INTO frame_logs (head, position, seq) VALUES (\(log.head), \(try encode(log)), \(entry.seq))
                    ON CONFLICT (head) DO UPDATE SET position = excluded.position, seq = excluded.seq
                    """, log_)
            } else if p.unknownChargers.isEmpty {
                try await c.exec("INSERT INTO metric_imports (digest, seq) VALUES (\(p.digest), \(entry.seq)) ON CONFLICT DO NOTHING", log)
            }
        case let .playbookChanged(p):
            try await c.exec("INSERT INTO playbooks (digest, content) VALUES (\(p.digest), \(p.content)) ON CONFLICT DO NOTHING", log)
        case let .tokenCreated(p):
            let expires = p.expiresAt.map(ISOTime.format)
            try await c.exec("""
                INSERT INTO tokens (id, person, role, approves, created_at, created_by, expires_at, revoked_at, hash, seq)
                VALUES (\(p.id), \(p.person), \(p.role.rawValue), \(try encode(p.approves)), \(at), \(entry.actor), \(expires), NULL, \(p.hash), \(entry.seq))
                """, log)
        case let .tokenRevoked(p):
            guard try await c.scalar("UPDATE tokens SET revoked_at = \(at) WHERE id = \(p.id) RETURNING id", as: String.self, log) != nil else {
                throw ProjectionError(seq: entry.seq, message: "revokes token \(p.id), which does not exist")
            }
        default:
            break
        }
    }

    /// Writes a cohort's row.
    static func write(_ r: Cohort, insert: Bool, _ c: PostgresConnection) async throws {
        let plan = try encode(r.plan)
        if insert {
            try await c.exec("""
                INSERT INTO cohorts (name, playbook_name, playbook_digest, phase_index, status, entered_at, created_at, version, plan)
                VALUES (\(r.name), \(r.playbookName), \(r.playbookDigest), \(r.phaseIndex), \(r.status.rawValue), \(ISOTime.format(r.enteredAt)),
                        \(ISOTime.format(r.createdAt)), \(r.version), \(plan))
                """, c.logger)
        } else {
            try await c.exec("""
                UPDATE cohorts SET playbook_name = \(r.playbookName), playbook_digest = \(r.playbookDigest), phase_index = \(r.phaseIndex),
                    status = \(r.status.rawValue), entered_at = \(ISOTime.format(r.enteredAt)), created_at = \(ISOTime.format(r.createdAt)),
                    version = \(r.version), plan = \(plan)
                WHERE name = \(r.name)
                """, c.logger)
        }
    }

    /// A cohort's quarantines and held-back chargers, rewritten when `CohortSegments.apply` changed them.
    static func applySegments(_ entry: JournalEntry, cohort: String, _ c: PostgresConnection) async throws {
        let before = try await PostgresStore.segments(of: cohort, c)
        var after = before
        try after.apply(entry)
        guard after != before else { return }
        try await c.exec("DELETE FROM quarantines WHERE cohort = \(cohort)", c.logger)
        try await c.exec("DELETE FROM preflight_holds WHERE cohort = \(cohort)", c.logger)
        for q in after.quarantines {
            try await c.exec("""
                INSERT INTO quarantines (cohort, attribute, value, chargers, gate, detail, phase, since, seq)
                VALUES (\(cohort), \(q.attribute), \(q.value), \(try encode(q.chargers)), \(q.gate), \(q.detail), \(q.phase), \(ISOTime.format(q.since)), \(q.seq))
                """, c.logger)
        }
        for h in after.held {
            try await c.exec("""
                INSERT INTO preflight_holds (cohort, charger, phase, reasons, since, seq)
                VALUES (\(cohort), \(h.charger), \(h.phase), \(try encode(h.reasons)), \(ISOTime.format(h.since)), \(h.seq))
                """, c.logger)
        }
    }

    static func encode<T: Encodable>(_ value: T?) throws -> String? {
        guard let value else { return nil }
        return String(decoding: try JournalCoding.encoder().encode(value), as: UTF8.self)
    }
}

