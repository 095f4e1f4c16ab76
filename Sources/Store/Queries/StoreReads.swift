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
            // In the order of cohort_chargers' index (cohort, charger): the chargers come sorted by id, no sort.
            // Through SQLite's C API: the attributes are decoded from their bytes (no `String` of the whole text
            // unless the memo looks it up) and the backends, a handful, are shared strings.
            let rows = try RawStatement(db, """
                SELECT c.id, c.attributes, r.backend IS NULL, r.backend FROM cohort_chargers m
                JOIN chargers c ON c.id = m.charger LEFT JOIN routes r ON r.charger = m.charger
                WHERE m.cohort = ? ORDER BY m.charger
                """)
            rows.bind(1, name)
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cohort_chargers WHERE cohort = ?", arguments: [name]) ?? 0
            var chargers: [Charger] = []
            var routes: [String: String] = [:]
            chargers.reserveCapacity(count)
            routes.reserveCapacity(count)
            var attributes = AttributesMemo()
            var backends = TextCache(size: 64)
            while try rows.step() {
                let id = rows.text(0)
                chargers.append(Charger(id: id, attributes: try attributes.decode(bytes: rows.textBytes(1))))
                if rows.int64(2) == 0 { routes[id] = backends.text(rows.textBytes(3).assumingMemoryBound(to: UInt8.self)) }
            }
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
            // Both in an index's order (routes_backend holds (backend, charger); chargers' key is the id): no sort.
            // Unrouted chargers by one pass over the fleet with a lookup each, not a set of every route's charger.
            let sql = includeUnrouted
                ? "SELECT c.id FROM chargers c LEFT JOIN routes r ON r.charger = c.id WHERE r.backend = ? OR r.charger IS NULL ORDER BY c.id"
                : "SELECT charger FROM routes WHERE backend = ? ORDER BY charger"
            return try String.fetchAll(db, sql: sql, arguments: [backend])
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
