import Foundation
internal import GRDB
import Engine
import Gates
import Playbook

extension MigrateStore {
    /// Records an open issue; without an id, the next free `ISS-N`.
    public func addIssue(_ issue: IssueRecord, meta: EntryMeta) throws -> IssueRecord {
        try pool.writeWithoutTransaction { db in
            var record = issue
            try db.inTransaction(.immediate) {
                if record.id.isEmpty {
                    var n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM issues")! + 1
                    while try Bool.fetchOne(db, sql: "SELECT 1 FROM issues WHERE id = ?", arguments: ["ISS-\(n)"]) != nil { n += 1 }
                    record.id = "ISS-\(n)"
                } else if try String.fetchOne(db, sql: "SELECT id FROM issues WHERE id = ?", arguments: [record.id]) != nil {
                    throw StoreError("issue \(record.id) already exists")
                }
                if let cohort = record.cohort, try Self.cohort(named: cohort, db) == nil {
                    throw UnknownCohortError(name: cohort, known: try Self.cohortNames(db))
                }
                _ = try Self.append(meta.entry(.issueOpened(record), cohort: record.cohort), db)
                return .commit
            }
            return record
        }
    }

    /// Closes an open issue.
    public func closeIssue(id: String, note: String?, meta: EntryMeta) throws -> IssueRecord {
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                guard let open = try Bool.fetchOne(db, sql: "SELECT is_open FROM issues WHERE id = ?", arguments: [id]) else {
                    throw StoreError("no issue \(id)")
                }
                guard open else { throw StoreError("issue \(id) is already closed") }
                let about = try Self.allIssues(db).first { $0.id == id }?.cohort
                _ = try Self.append(meta.entry(.issueClosed(.init(id: id, note: note)), cohort: about), db)
                return .commit
            }
            return try Self.allIssues(db).first { $0.id == id }!
        }
    }

    public struct IssueImportReport: Sendable, Equatable {
        public var opened: Int
        public var updated: Int
        public var unchanged: Int
    }

    /// Imports issue records: new ids are opened, changed ones updated, the same ones left alone. One transaction.
    public func importIssues(_ records: [IssueRecord], meta: EntryMeta) throws -> IssueImportReport {
        try pool.writeWithoutTransaction { db in
            var report = IssueImportReport(opened: 0, updated: 0, unchanged: 0)
            try db.inTransaction(.immediate) {
                let existing = Dictionary(uniqueKeysWithValues: try Self.allIssues(db).map { ($0.id, $0) })
                for var r in records {
                    if let old = existing[r.id] {
                        // The first opening stands; what the file says about the rest wins.
                        r.openedBy = old.openedBy
                        if r.closedAt != nil, let closedAt = old.closedAt { r.closedAt = closedAt; r.closedBy = old.closedBy; r.closeNote = old.closeNote }
                        if r == old { report.unchanged += 1; continue }
                        _ = try Self.append(meta.entry(.issueUpdated(r), cohort: r.cohort), db)
                        report.updated += 1
                    } else {
                        _ = try Self.append(meta.entry(.issueOpened(r), cohort: r.cohort), db)
                        report.opened += 1
                    }
                }
                return .commit
            }
            return report
        }
    }

    /// Records the actor's approval of the cohort's current phase in `role` (the state machine decides whether
    /// the phase asks for it). Approvals do not move the cohort, so several people approving at once all count;
    /// the commit only checks that the cohort is still in the phase that was approved.
    public func approve(cohort name: String, role: String, note: String?, meta: EntryMeta) throws -> JournalEntry {
        let snapshot = try snapshot(of: name)
        switch snapshot.machine.approve(role: role, note: note) {
        case let .refuse(refusal, _):
            throw RefusalError(refusal)
        case let .accept(record, _):
            return try pool.writeWithoutTransaction { db in
                var entries: [JournalEntry] = []
                try db.inTransaction(.immediate) {
                    guard let now = try Self.cohort(named: name, db) else { throw UnknownCohortError(name: name, known: try Self.cohortNames(db)) }
                    if now.phaseIndex != snapshot.cohort.phaseIndex || now.status != snapshot.cohort.status {
                        try Self.checkVersion(db, cohort: name, expected: snapshot.cohort.version)
                    }
                    entries = try record.map { try Self.append(meta.entry($0, cohort: name), db) }
                    return .commit
                }
                return entries[0]
            }
        }
    }
}
