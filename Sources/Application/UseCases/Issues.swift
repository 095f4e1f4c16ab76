import Engine
import Playbook
import Foundation
import Gates

/// What importing issue records did.
public struct IssueImportReport: Sendable, Equatable {
    public var opened: Int
    public var updated: Int
    public var unchanged: Int
    /// Cohorts the records name that do not exist (yet): worth a warning, not an error.
    public var unknownCohorts: [String]
}

extension MigrationService {
    /// Records an open issue; without an id, the next free `ISS-N`. An id already used, or a cohort that does not
    /// exist, is refused.
    public func addIssue(_ issue: IssueRecord, as invocation: Invocation) throws -> IssueRecord {
        try appendDecidedOnJournal { _ in
            var record = issue
            let existing = Set(try store.issues().map(\.id))
            if record.id.isEmpty {
                var n = existing.count + 1
                while existing.contains("ISS-\(n)") { n += 1 }
                record.id = "ISS-\(n)"
            } else if existing.contains(record.id) {
                throw MigrateError.conflict("issue \(record.id) already exists", subject: .issue(record.id))
            }
            if let cohort = record.cohort {
                let names = try store.cohorts().map(\.name)
                if !names.contains(cohort) { throw MigrateError.unknownCohort(cohort, known: names) }
            }
            return ([invocation.entry(.issueOpened(record), cohort: record.cohort, reason: nil)], record)
        }.result
    }

    /// Closes an open issue.
    public func closeIssue(_ id: String, note: String?, as invocation: Invocation) throws -> IssueRecord {
        try appendDecidedOnJournal { _ in
            guard let open = try store.issues().first(where: { $0.id == id }) else { throw MigrateError.unknownIssue(id) }
            guard open.isOpen else { throw MigrateError.conflict("issue \(id) is already closed", subject: .issue(id)) }
            return ([invocation.entry(.issueClosed(.init(id: id, note: note)), cohort: open.cohort, reason: note)], ())
        }
        guard let closed = try store.issues().first(where: { $0.id == id }) else { throw MigrateError.unknownIssue(id) }
        return closed
    }

    /// Imports issue records (parsed by `IssueImport`): new ids are opened, changed ones updated, the same ones
    /// left alone; one transaction. A record's first opening stands; what the file says about the rest wins.
    public func importIssues(_ records: [IssueRecord], file: String, as invocation: Invocation) throws -> IssueImportReport {
        let cohorts = Set(try store.cohorts().map(\.name))
        let unknown = Set(records.compactMap(\.cohort)).subtracting(cohorts).sorted()
        return try appendDecidedOnJournal { _ in
            let existing = Dictionary(uniqueKeysWithValues: try store.issues().map { ($0.id, $0) })
            var report = IssueImportReport(opened: 0, updated: 0, unchanged: 0, unknownCohorts: unknown)
            var entries: [NewEntry] = []
            for var r in records {
                if let old = existing[r.id] {
                    r.openedBy = old.openedBy
                    if r.closedAt != nil, let closedAt = old.closedAt { r.closedAt = closedAt; r.closedBy = old.closedBy; r.closeNote = old.closeNote }
                    if r == old { report.unchanged += 1; continue }
                    entries.append(invocation.entry(.issueUpdated(r), cohort: r.cohort, reason: "import \(file)"))
                    report.updated += 1
                } else {
                    entries.append(invocation.entry(.issueOpened(r), cohort: r.cohort, reason: "import \(file)"))
                    report.opened += 1
                }
            }
            return (entries, report)
        }.result
    }
}
