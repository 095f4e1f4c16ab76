import Foundation
internal import GRDB
import Engine
import Gates

/// Writes the projections of one journal entry, in the transaction that appends it.
/// `verify` checks the result against `FleetState.apply`, the same rules replayed in memory.
enum Projector {
    static func apply(_ entry: JournalEntry, _ db: Database) throws {
        let at = ISOTime.format(entry.at)
        let cohort = entry.cohort
        func bump() throws {
            try db.execute(sql: "UPDATE cohorts SET version = ? WHERE name = ?", arguments: [entry.seq, cohort])
            guard db.changesCount == 1 else { throw StoreError("journal entry \(entry.seq) names cohort '\(cohort ?? "")', which does not exist") }
        }
        func setPlan(_ plan: PlanRun?) throws {
            try db.execute(sql: "UPDATE cohorts SET plan = ? WHERE name = ?", arguments: [try encode(plan), cohort])
        }
        func clearApprovals() throws {
            try db.execute(sql: "DELETE FROM approvals WHERE cohort = ?", arguments: [cohort])
        }
        func plan() throws -> PlanRun? {
            let text = try String.fetchOne(db, sql: "SELECT plan FROM cohorts WHERE name = ?", arguments: [cohort])
            return try text.map { try JournalCoding.decoder().decode(PlanRun.self, from: Data($0.utf8)) }
        }

        switch entry.event {
        case let .fleetImported(p):
            let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO chargers (id, attributes) VALUES (?, ?)")
            for c in p.chargers { try statement.execute(arguments: [c.id, try encodeAttributes(c.attributes)]) }
        case let .created(p):
            try db.execute(sql: "INSERT OR IGNORE INTO playbooks (digest, content) VALUES (?, ?)", arguments: [p.digest, p.content])
            try db.execute(sql: """
                INSERT INTO cohorts (name, playbook_name, playbook_digest, phase_index, status, entered_at, created_at, version, plan)
                VALUES (?, ?, ?, 0, 'active', ?, ?, ?, ?)
                """, arguments: [cohort, p.playbook, p.digest, at, at, entry.seq, try encode(p.plan)])
            let statement = try db.cachedStatement(sql: "INSERT INTO cohort_chargers (charger, cohort) VALUES (?, ?)")
            for id in p.chargers { try statement.execute(arguments: [id, cohort]) }
        case let .routeChanged(p):
            let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO routes (charger, cohort, backend, url, since, seq) VALUES (?, ?, ?, ?, ?, ?)")
            for id in p.chargers { try statement.execute(arguments: [id, cohort, p.backend, p.url, at, entry.seq]) }
            try bump()
            if let run = p.planRun, var current = try plan(), current.id == run {
                current.chargersRouted += p.chargers
                try setPlan(current)
            }
        case let .advanced(p):
            try bump()
            try db.execute(sql: "UPDATE cohorts SET phase_index = ?, entered_at = ? WHERE name = ?", arguments: [p.toIndex, at, cohort])
            if let run = p.plan { try setPlan(run) }
            try clearApprovals()
        case .completed:
            try bump()
            try db.execute(sql: "UPDATE cohorts SET status = 'completed' WHERE name = ?", arguments: [cohort])
            try clearApprovals()
        case .blocked:
            break
        case let .paused(p):
            try bump()
            try db.execute(sql: "UPDATE cohorts SET status = 'paused' WHERE name = ?", arguments: [cohort])
            try setPlan(p.plan)
        case .resumed:
            try bump()
            try db.execute(sql: "UPDATE cohorts SET status = 'active' WHERE name = ?", arguments: [cohort])
        case let .rollbackStarted(p):
            try bump()
            try db.execute(sql: "UPDATE cohorts SET status = 'rolling-back' WHERE name = ?", arguments: [cohort])
            try setPlan(p.plan)
        case .rolledBack:
            try bump()
            try db.execute(sql: "UPDATE cohorts SET status = 'rolled-back' WHERE name = ?", arguments: [cohort])
            try clearApprovals()
        case let .restarted(p):
            try bump()
            try db.execute(sql: "UPDATE cohorts SET status = 'active', phase_index = 0, entered_at = ? WHERE name = ?", arguments: [at, cohort])
            try setPlan(p.plan)
            try clearApprovals()
        case let .approved(p):
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM cohorts WHERE name = ?", arguments: [cohort]) != nil else {
                throw StoreError("journal entry \(entry.seq) approves cohort '\(cohort ?? "")', which does not exist")
            }
            try db.execute(sql: "INSERT INTO approvals (seq, cohort, phase, actor, role, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [entry.seq, cohort, p.phase, entry.actor, p.role, at, p.note])
        case let .stepStarted(p):
            try bump()
            var run = p.plan
            run.next = p.index
            run.stepStarted = true
            run.stepStartedAt = entry.at
            run.failure = nil
            try setPlan(run)
        case let .stepFinished(p), let .stepFailed(p):
            try bump()
            guard var run = try plan(), run.id == p.plan, run.next == p.index, run.stepStarted else {
                throw StepNotUnderWayError(seq: entry.seq, plan: p.plan, index: p.index)
            }
            run.stepStarted = false
            run.stepStartedAt = nil
            if case .stepFinished = entry.event {
                run.next = p.index + 1
                run.failure = nil
            } else {
                run.failure = p.outcome.summary
            }
            try setPlan(run)
        case .confirmed:
            try bump()
        case let .issueOpened(r), let .issueUpdated(r):
            try db.execute(sql: "INSERT OR REPLACE INTO issues (id, record, is_open) VALUES (?, ?, ?)",
                           arguments: [r.id, try encode(r), r.isOpen])
        case let .issueClosed(p):
            guard let text = try String.fetchOne(db, sql: "SELECT record FROM issues WHERE id = ?", arguments: [p.id]) else {
                throw StoreError("journal entry \(entry.seq) closes issue \(p.id), which does not exist")
            }
            var r = try JournalCoding.decoder().decode(IssueRecord.self, from: Data(text.utf8))
            r.closedAt = entry.at
            r.closedBy = entry.actor
            r.closeNote = p.note
            try db.execute(sql: "UPDATE issues SET record = ?, is_open = 0 WHERE id = ?", arguments: [try encode(r), p.id])
        case let .metricsImported(p):
            // A file whose samples of unknown chargers were dropped may be imported again once they are in the fleet.
            if p.unknownChargers.isEmpty {
                try db.execute(sql: "INSERT OR IGNORE INTO metric_imports (digest, seq) VALUES (?, ?)", arguments: [p.digest, entry.seq])
            }
        case let .playbookChanged(p):
            try bump()
            try db.execute(sql: "INSERT OR IGNORE INTO playbooks (digest, content) VALUES (?, ?)", arguments: [p.digest, p.content])
            try db.execute(sql: "UPDATE cohorts SET playbook_digest = ?, playbook_name = ?, phase_index = ? WHERE name = ?",
                           arguments: [p.digest, p.playbook, p.phaseIndex, cohort])
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

/// A step's end was recorded for a step that is not the one under way (another process ended it first).
public struct StepNotUnderWayError: Error, CustomStringConvertible {
    public var seq: Int64
    public var plan: String
    public var index: Int

    public var description: String {
        "step \(index + 1) of plan \(plan) is no longer under way (another process ended it); nothing was recorded, see `migrate status`"
    }
}
