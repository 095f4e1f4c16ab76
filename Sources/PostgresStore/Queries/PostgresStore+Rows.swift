import Engine
import Foundation
import Gates
import Playbook
import PostgresNIO
import Store

/// Rows to values, as the SQLite store reads them.
extension PostgresStore {
    static let cohortColumns = "name, playbook_name, playbook_digest, phase_index, status, entered_at, created_at, version, plan"

    static func cohort(named name: String, _ c: PostgresConnection) async throws -> Cohort? {
        try await c.rows(PostgresQuery(stringLiteral: "SELECT \(cohortColumns) FROM cohorts WHERE name = $1").binding(name), c.logger)
            .first.map(cohort(from:))
    }

    static func allCohorts(_ c: PostgresConnection) async throws -> [Cohort] {
        try await c.rows(PostgresQuery(stringLiteral: "SELECT \(cohortColumns) FROM cohorts ORDER BY created_at, name"), c.logger).map(cohort(from:))
    }

    static func cohortNames(_ c: PostgresConnection) async throws -> [String] {
        try await c.rows("SELECT name FROM cohorts ORDER BY name", c.logger).map { try $0.decode(String.self) }
    }

    static func cohort(from row: PostgresRow) throws -> Cohort {
        let (name, playbookName, digest, phaseIndex, statusText, entered, created, version, planText) =
            try row.decode((String, String, String, Int, String, String, String, Int64, String?).self)
        let plan = try planText.map { try JournalCoding.decoder().decode(PlanRun.self, from: Data($0.utf8)) }
        guard let status = CohortStatus(rawValue: statusText), let state = CohortState(status: status, plan: plan) else {
            throw StoreError("cohort \(name) has status '\(statusText)'\(plan == nil ? " without its plan" : ""), which migrate does not know; verify the store")
        }
        return Cohort(name: name, playbookName: playbookName, playbookDigest: digest, phaseIndex: phaseIndex, state: state,
                      enteredAt: ISOTime.parse(entered) ?? Date(timeIntervalSince1970: 0),
                      createdAt: ISOTime.parse(created) ?? Date(timeIntervalSince1970: 0), version: version)
    }

    static func playbook(digest: String, cohort: String, _ c: PostgresConnection) async throws -> Playbook {
        guard let content = try await c.scalar("SELECT content FROM playbooks WHERE digest = \(digest)", as: String.self, c.logger) else {
            throw StoreError("the playbook of cohort \(cohort) (digest \(digest.prefix(12))) is missing from the store")
        }
        let result = PlaybookLoader.load(text: content, file: "playbook of cohort \(cohort)")
        guard let playbook = result.playbook else {
            throw StoreError("the playbook of cohort \(cohort) no longer validates:\n" + result.errors.map(\.description).joined(separator: "\n"))
        }
        return playbook
    }

    static func allIssues(_ c: PostgresConnection) async throws -> [IssueRecord] {
        try await c.rows("SELECT record FROM issues ORDER BY id", c.logger).map {
            try JournalCoding.decoder().decode(IssueRecord.self, from: Data(try $0.decode(String.self).utf8))
        }
    }

    static func approvals(of cohort: String, _ c: PostgresConnection) async throws -> [ApprovalRecord] {
        try await c.rows("SELECT cohort, phase, actor, role, at, note FROM approvals WHERE cohort = \(cohort) ORDER BY seq", c.logger).map {
            let (cohort, phase, actor, role, at, note) = try $0.decode((String, String, String, String, String, String?).self)
            return ApprovalRecord(cohort: cohort, phase: phase, actor: actor, role: role, at: ISOTime.parse(at) ?? Date(timeIntervalSince1970: 0), note: note)
        }
    }

    static func route(from row: PostgresRow) throws -> Route {
        let (charger, cohort, backend, url, since, seq) = try row.decode((String, String?, String, String, String, Int64).self)
        return Route(charger: charger, cohort: cohort, backend: backend, url: url, since: ISOTime.parse(since) ?? Date(timeIntervalSince1970: 0), seq: seq)
    }

    static func entry(from row: PostgresRow) throws -> JournalEntry {
        let (seq, at, kind, cohort, actor, reason, simulated, payload) =
            try row.decode((Int64, String, String, String?, String, String?, Bool, String).self)
        return JournalEntry(seq: seq, at: ISOTime.parse(at) ?? Date(timeIntervalSince1970: 0), cohort: cohort, actor: actor, reason: reason,
                            simulated: simulated, event: try JournalCoding.event(kind: EntryKind(rawValue: kind) ?? .blocked, payload: payload))
    }

    /// A cohort's quarantined segments and held-back chargers, as the tables hold them.
    static func segments(of cohort: String, _ c: PostgresConnection) async throws -> CohortSegments {
        let decoder = JournalCoding.decoder()
        let quarantines = try await c.rows("""
            SELECT attribute, value, chargers, gate, detail, phase, since, seq FROM quarantines WHERE cohort = \(cohort) ORDER BY attribute, value
            """, c.logger).map { row in
            let (attribute, value, chargers, gate, detail, phase, since, seq) = try row.decode((String, String, String, String, String, String, String, Int64).self)
            return Quarantine(attribute: attribute, value: value, chargers: try decoder.decode([String].self, from: Data(chargers.utf8)),
                              gate: gate, detail: detail, phase: phase, since: ISOTime.parse(since) ?? Date(timeIntervalSince1970: 0), seq: seq)
        }
        let held = try await c.rows("""
            SELECT charger, phase, reasons, since, seq FROM preflight_holds WHERE cohort = \(cohort) ORDER BY charger
            """, c.logger).map { row in
            let (charger, phase, reasons, since, seq) = try row.decode((String, String, String, String, Int64).self)
            return HeldCharger(charger: charger, phase: phase, reasons: try decoder.decode([String].self, from: Data(reasons.utf8)),
                               since: ISOTime.parse(since) ?? Date(timeIntervalSince1970: 0), seq: seq)
        }
        return CohortSegments(quarantines: quarantines, held: held)
    }
}

extension PostgresQuery {
    /// This query with `value` bound as its next parameter (for SQL assembled from constant pieces).
    func binding<T: PostgresEncodable & Sendable>(_ value: T) -> PostgresQuery {
        var copy = self
        try? copy.binds.append(value, context: .default)
        return copy
    }
}
