import Engine
import Foundation
import Gates
import Playbook
import PostgresNIO
import Store

extension PostgresStore: JournalReading {
    public func snapshot(of name: String) throws -> CohortSnapshot {
        try session.run { c in
            try await c.transaction(c.logger, readSnapshot: true) {
                guard let cohort = try await Self.cohort(named: name, c) else { throw MigrateError.unknownCohort(name, known: try await Self.cohortNames(c)) }
                let playbook = try await Self.playbook(digest: cohort.playbookDigest, cohort: name, c)
                var chargers: [Charger] = []
                var routes: [String: String] = [:]
                for row in try await c.rows("""
                    SELECT c.id, c.attributes, r.backend FROM cohort_chargers m
                    JOIN chargers c ON c.id = m.charger LEFT JOIN routes r ON r.charger = m.charger
                    WHERE m.cohort = \(name) ORDER BY c.id
                    """, c.logger) {
                    let (id, attributes, backend) = try row.decode((String, String, String?).self)
                    chargers.append(Charger(id: id, attributes: try AttributesText.decode(attributes)))
                    if let backend { routes[id] = backend }
                }
                return CohortSnapshot(cohort: cohort, playbook: playbook, chargers: chargers, routes: routes, segments: try await Self.segments(of: name, c))
            }
        }
    }

    public func issues() throws -> [IssueRecord] {
        try session.run { c in try await Self.allIssues(c) }
    }

    public func approvals(of cohort: String) throws -> [ApprovalRecord] {
        try session.run { c in try await Self.approvals(of: cohort, c) }
    }

    public func milestones() throws -> [String: CohortMilestone] {
        try session.run { c in
            try await c.transaction(c.logger, readSnapshot: true) {
                var result: [String: CohortMilestone] = [:]
                for cohort in try await Self.allCohorts(c) {
                    let playbook = try await Self.playbook(digest: cohort.playbookDigest, cohort: cohort.name, c)
                    result[cohort.name] = CohortMilestone(phases: playbook.phases.map(\.name), phaseIndex: cohort.phaseIndex, status: cohort.status.rawValue)
                }
                return result
            }
        }
    }

    public func chargerIDs(routedTo backend: String, includeUnrouted: Bool) throws -> [String] {
        try session.run { c in
            let sql: PostgresQuery = includeUnrouted
                ? "SELECT charger FROM routes WHERE backend = \(backend) UNION SELECT id FROM chargers WHERE id NOT IN (SELECT charger FROM routes) ORDER BY 1"
                : "SELECT charger FROM routes WHERE backend = \(backend) ORDER BY 1"
            return try await c.rows(sql, c.logger).map { try $0.decode(String.self) }
        }
    }

    public func chargerIDs(routedTo backend: String, includeUnrouted: Bool, by attribute: String) throws -> [String: [String]] {
        try session.run { c in
            let sql: PostgresQuery = includeUnrouted
                ? """
                  SELECT r.charger, c.attributes FROM routes r LEFT JOIN chargers c ON c.id = r.charger WHERE r.backend = \(backend)
                  UNION ALL SELECT id, attributes FROM chargers WHERE id NOT IN (SELECT charger FROM routes)
                  """
                : "SELECT r.charger, c.attributes FROM routes r LEFT JOIN chargers c ON c.id = r.charger WHERE r.backend = \(backend)"
            var groups: [String: [String]] = [:]
            for row in try await c.rows(sql, c.logger) {
                let (id, text) = try row.decode((String, String?).self)
                let attributes = try text.map(AttributesText.decode) ?? [:]
                groups[attributes[attribute] ?? SegmentEvidence.none, default: []].append(id)
            }
            return groups.mapValues { $0.sorted() }
        }
    }

    public func fleet() throws -> [Charger] {
        try session.run { c in
            try await c.rows("SELECT id, attributes FROM chargers ORDER BY id", c.logger).map {
                let (id, attributes) = try $0.decode((String, String).self)
                return Charger(id: id, attributes: try AttributesText.decode(attributes))
            }
        }
    }

    public func cohorts() throws -> [Cohort] {
        try session.run { c in try await Self.allCohorts(c) }
    }

    public func journalHead() throws -> Int64 {
        try session.run { c in try await Self.head(c) }
    }

    public func memberships() throws -> [String: String] {
        try session.run { c in
            var owner: [String: String] = [:]
            for row in try await c.rows("SELECT charger, cohort FROM cohort_chargers", c.logger) {
                let (charger, cohort) = try row.decode((String, String).self)
                owner[charger] = cohort
            }
            return owner
        }
    }

    public func routes(cohort: String?) throws -> [Route] {
        try session.run { c in
            let columns = "charger, cohort, backend, url, since, seq"
            if let cohort {
                guard try await Self.cohort(named: cohort, c) != nil else { throw MigrateError.unknownCohort(cohort, known: try await Self.cohortNames(c)) }
                return try await c.rows(PostgresQuery(stringLiteral: "SELECT \(columns) FROM routes WHERE cohort = $1 ORDER BY charger").binding(cohort),
                                        c.logger).map(Self.route(from:))
            }
            return try await c.rows(PostgresQuery(stringLiteral: "SELECT \(columns) FROM routes ORDER BY charger"), c.logger).map(Self.route(from:))
        }
    }

    public func history(cohort: String?) throws -> [JournalEntry] {
        try session.run { c in
            let columns = "seq, at, kind, cohort, actor, reason, simulated, payload"
            if let cohort {
                guard try await Self.cohort(named: cohort, c) != nil else { throw MigrateError.unknownCohort(cohort, known: try await Self.cohortNames(c)) }
                return try await c.rows(PostgresQuery(stringLiteral: "SELECT \(columns) FROM journal WHERE cohort = $1 ORDER BY seq").binding(cohort),
                                        c.logger).map(Self.entry(from:))
            }
            return try await c.rows(PostgresQuery(stringLiteral: "SELECT \(columns) FROM journal ORDER BY seq"), c.logger).map(Self.entry(from:))
        }
    }

    /// The entries after entry `seq`, oldest first, at most `limit`.
    public func entries(after seq: Int64, limit: Int) throws -> [JournalEntry] {
        try session.run { c in
            let sql = "SELECT seq, at, kind, cohort, actor, reason, simulated, payload FROM journal WHERE seq > $1 ORDER BY seq LIMIT $2"
            return try await c.rows(PostgresQuery(stringLiteral: sql).binding(seq).binding(Int64(limit)), c.logger).map(Self.entry(from:))
        }
    }
}
