import Foundation
import Gates
import Playbook

/// The journal and its projections, as the engine needs them to decide about a cohort and record what it
/// decided. The SQLite store implements it (and any other store must, with the same guarantees); tests can
/// use one in memory.
public protocol JournalStore: Sendable {
    /// The cohort, its playbook (parsed from the text the cohort was created with), chargers and routes.
    /// Throws `MigrateError` (not found) for an unknown cohort.
    func snapshot(of cohort: String) throws -> CohortSnapshot
    /// Issue records (open and closed).
    func issues() throws -> [IssueRecord]
    /// Approvals recorded for the cohort since it entered its current phase.
    func approvals(of cohort: String) throws -> [ApprovalRecord]
    /// Every cohort's position, for `after` gates.
    func milestones() throws -> [String: CohortMilestone]
    /// Ids of every charger of the fleet routed to `backend`; with `includeUnrouted`, also the chargers
    /// in no cohort (they have not moved, so they are on the playbook's `from`).
    func chargerIDs(routedTo backend: String, includeUnrouted: Bool) throws -> [String]
    /// Appends `entries` in one transaction, projections included, durably, after checking `condition` inside
    /// that transaction: when it no longer holds, throws (`CohortMovedError`, `JournalMovedError`) and appends
    /// nothing. An entry about a cohort dated before that cohort's latest entry is refused (`MigrateError`,
    /// invalid input): time does not go backwards in a cohort's journal.
    @discardableResult
    func append(_ entries: [NewEntry], if condition: AppendCondition) throws -> [JournalEntry]
    /// Throws, saying so, when the store was opened read-only (the user may only read it); writes that do not
    /// go through `append` (bulk imports) ask first.
    func requireWritable() throws
}

extension JournalStore {
    /// A store that is always writable (in memory) says nothing.
    public func requireWritable() throws {}
}

/// What an append checks, inside its transaction, before it writes anything.
public enum AppendCondition: Sendable, Equatable {
    /// Nothing to check (a refusal's `blocked` entry, an import).
    case none
    /// The cohort's version is still this one: nobody moved it since it was read.
    case cohortVersion(String, Int64)
    /// The cohort is still in this phase with this status (approvals: others approving meanwhile do not matter).
    case cohortPosition(String, phaseIndex: Int, status: CohortStatus, version: Int64)
    /// Nothing was appended since the journal's last entry was this one: for decisions over the whole fleet
    /// (creating a cohort, numbering an issue, importing the fleet), which the caller retries on a fresh read.
    case journalHead(Int64)
}

/// The journal grew between reading and committing a decision that depends on all of it; nothing changed.
public struct JournalMovedError: KindedError, Equatable {
    public var expected: Int64
    public var found: Int64

    public init(expected: Int64, found: Int64) {
        self.expected = expected
        self.found = found
    }

    public var kind: ErrorKind { .moved }
    public var description: String {
        "the journal changed while this command decided (entry \(found), expected \(expected)); nothing changed, try again"
    }
}

/// Another command changed the cohort between reading and committing.
public struct CohortMovedError: KindedError, Equatable {
    public var cohort: String
    public var by: String
    public var entryKind: EntryKind
    public var seq: Int64
    public var at: Date

    public init(cohort: String, by: String, kind: EntryKind, seq: Int64, at: Date) {
        self.cohort = cohort
        self.by = by
        self.entryKind = kind
        self.seq = seq
        self.at = at
    }

    public var kind: ErrorKind { .moved }
    public var description: String {
        "cohort \(cohort) already moved: \(entryKind.rawValue) by \(by) at \(ISOTime.format(at)) (journal entry \(seq)); nothing changed, look again at its status"
    }
}
