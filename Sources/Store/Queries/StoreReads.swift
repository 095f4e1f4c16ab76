import Foundation
internal import GRDB
import Engine
import Gates
import Playbook

extension MigrateStore {
    public func snapshot(of name: String) throws -> CohortSnapshot {
        try pool.read { db in
            guard let cohort = try Self.cohort(named: name, db) else { throw MigrateError.unknownCohort(name, known: try Self.cohortNames(db)) }
            let playbook = try Self.playbook(digest: cohort.playbookDigest, cohort: name, db)
            let (chargers, routes) = try Self.members(of: name, db)
            return CohortSnapshot(cohort: cohort, playbook: playbook, chargers: chargers, routes: routes,
                                  segments: try Self.segments(of: name, db))
        }
    }

    public func issues() throws -> [IssueRecord] {
        try pool.read { db in try Self.allIssues(db) }
    }

    public func approvals(of cohort: String) throws -> [ApprovalRecord] {
        try pool.read { db in try Self.approvals(of: cohort, db) }
    }

    public func milestones() throws -> [String: CohortMilestone] {
        try pool.read { db in
            var result: [String: CohortMilestone] = [:]
            for cohort in try Self.allCohorts(db) {
                let playbook = try Self.playbook(digest: cohort.playbookDigest, cohort: cohort.name, db)
                result[cohort.name] = CohortMilestone(phases: playbook.phases.map(\.name), phaseIndex: cohort.phaseIndex, status: cohort.status.rawValue)
            }
            return result
        }
    }

    public func chargerIDs(routedTo backend: String, includeUnrouted: Bool) throws -> [String] {
        try pool.read { db in
            // In an index's order (routes_backend holds (backend, charger)): no sort. With the unrouted chargers: the
            // fleet and the routes read side by side (CohortMemberReads).
            if includeUnrouted { return try Self.chargerIDs(routedToOrUnrouted: backend, db) }
            return try String.fetchAll(db, sql: "SELECT charger FROM routes WHERE backend = ? ORDER BY charger", arguments: [backend])
        }
    }

    public func chargerIDs(routedTo backend: String, includeUnrouted: Bool, by attribute: String) throws -> [String: [String]] {
        try pool.read { db in
            var sql = "SELECT r.charger, c.attributes FROM routes r LEFT JOIN chargers c ON c.id = r.charger WHERE r.backend = ?"
            if includeUnrouted { sql += " UNION ALL SELECT id, attributes FROM chargers WHERE id NOT IN (SELECT charger FROM routes)" }
            var groups: [String: [String]] = [:]
            let rows = try Row.fetchCursor(db, sql: sql, arguments: [backend])
            var memo = AttributesMemo()
            while let row = try rows.next() {
                let attributes = try (row[1] as String?).map { try memo.decode($0) } ?? [:]
                groups[attributes[attribute] ?? SegmentEvidence.none, default: []].append(row[0])
            }
            return groups.mapValues { $0.sorted() }
        }
    }

    // MARK: Rows to values

    static func cohort(named name: String, _ db: Database) throws -> Cohort? {
        try Row.fetchOne(db, sql: "SELECT * FROM cohorts WHERE name = ?", arguments: [name]).map(cohort(from:))
    }

    static func allCohorts(_ db: Database) throws -> [Cohort] {
        try Row.fetchAll(db, sql: "SELECT * FROM cohorts ORDER BY created_at, name").map(cohort(from:))
    }

    static func cohortNames(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM cohorts ORDER BY name")
    }

    static func cohort(from row: Row) throws -> Cohort {
        let planText: String? = row["plan"]
        let name: String = row["name"]
        let plan = try planText.map { try JournalCoding.decoder().decode(PlanRun.self, from: Data($0.utf8)) }
        let statusText: String = row["status"]
        guard let status = CohortStatus(rawValue: statusText), let state = CohortState(status: status, plan: plan) else {
            throw StoreError("cohort \(name) has status '\(statusText)'\(plan == nil ? " without its plan" : ""), which migrate does not know; verify the store")
        }
        return Cohort(
            name: name, playbookName: row["playbook_name"], playbookDigest: row["playbook_digest"],
            phaseIndex: row["phase_index"], state: state,
            enteredAt: ISOTime.parse(row["entered_at"]) ?? Date(timeIntervalSince1970: 0),
            createdAt: ISOTime.parse(row["created_at"]) ?? Date(timeIntervalSince1970: 0),
            version: row["version"])
    }

    /// The playbook a cohort runs, parsed from the text it was created with.
    static func playbook(digest: String, cohort: String, _ db: Database) throws -> Playbook {
        guard let content = try String.fetchOne(db, sql: "SELECT content FROM playbooks WHERE digest = ?", arguments: [digest]) else {
            throw StoreError("the playbook of cohort \(cohort) (digest \(digest.prefix(12))) is missing from the store")
        }
        let result = PlaybookLoader.load(text: content, file: "playbook of cohort \(cohort)")
        guard let playbook = result.playbook else {
            throw StoreError("the playbook of cohort \(cohort) no longer validates:\n" + result.errors.map(\.description).joined(separator: "\n"))
        }
        return playbook
    }

    static func allIssues(_ db: Database) throws -> [IssueRecord] {
        try String.fetchAll(db, sql: "SELECT record FROM issues ORDER BY id").map {
            try JournalCoding.decoder().decode(IssueRecord.self, from: Data($0.utf8))
        }
    }

    static func approvals(of cohort: String, _ db: Database) throws -> [ApprovalRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM approvals WHERE cohort = ? ORDER BY seq", arguments: [cohort]).map {
            ApprovalRecord(cohort: $0["cohort"], phase: $0["phase"], actor: $0["actor"], role: $0["role"],
                           at: ISOTime.parse($0["at"]) ?? Date(timeIntervalSince1970: 0), note: $0["note"])
        }
    }

    static func decodeAttributes(_ text: String) throws -> [String: String] {
        try AttributesText.decode(text)
    }
}
