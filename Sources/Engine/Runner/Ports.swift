import Foundation
import Gates
import Playbook

/// Everything the state machine needs to decide about one cohort.
public struct CohortSnapshot: Sendable {
    public var cohort: Cohort
    public var playbook: Playbook
    /// The cohort's chargers with their attributes.
    public var chargers: [Charger]
    /// Charger id → backend, for the cohort's chargers.
    public var routes: [String: String]

    public init(cohort: Cohort, playbook: Playbook, chargers: [Charger], routes: [String: String]) {
        self.cohort = cohort
        self.playbook = playbook
        self.chargers = chargers
        self.routes = routes
    }

    public var machine: CohortMachine {
        CohortMachine(cohort: cohort, playbook: playbook, chargers: chargers, routes: routes)
    }
}

/// The journal and its projections, as the engine needs them. The SQLite store implements it;
/// tests can use an in-memory one.
public protocol JournalStore: Sendable {
    /// The cohort, its playbook (parsed from the text the cohort was created with), chargers and routes.
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
    /// Appends `entries` in one transaction, projections included, durably. When `cohort` is given,
    /// first checks that its version is still `version`, else throws `CohortMovedError` and appends nothing.
    @discardableResult
    func append(_ entries: [NewEntry], expecting version: Int64?, of cohort: String?) throws -> [JournalEntry]
}

/// Another command changed the cohort between reading and committing.
public struct CohortMovedError: Error, Equatable, CustomStringConvertible {
    public var cohort: String
    public var by: String
    public var kind: EntryKind
    public var seq: Int64
    public var at: Date

    public init(cohort: String, by: String, kind: EntryKind, seq: Int64, at: Date) {
        self.cohort = cohort
        self.by = by
        self.kind = kind
        self.seq = seq
        self.at = at
    }

    public var description: String {
        "cohort \(cohort) already moved: \(kind.rawValue) by \(by) at \(ISOTime.format(at)) (journal entry \(seq)); nothing changed, look again with `migrate status \(cohort)`"
    }
}

/// Sums and counts of metric samples. The store answers from rollups, never by returning raw samples.
public protocol SampleSource: Sendable {
    /// Totals of the samples named `names` of `chargers` in `window` (start inclusive, end exclusive).
    func totals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> SampleTotals
    /// The same totals per UTC day the window touches, in order (for the report's charts).
    func dailyTotals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [(day: Date, totals: SampleTotals)]
}

/// Answers Prometheus instant queries.
public protocol PrometheusQuerying: Sendable {
    /// The single value `query` returns at `time`; throws (with a message a person reads) otherwise.
    func instantQuery(_ query: String, at time: Date) async throws -> Double
}

/// The engine's clock and the facts about who acts.
public struct Invocation: Sendable {
    public var actor: String
    /// The engine's clock: the system clock, or a fixed `--now`.
    public var clock: @Sendable () -> Date
    /// True when the clock was given (`--now`): the journal marks such entries.
    public var simulated: Bool

    public init(actor: String, simulated: Bool, clock: @escaping @Sendable () -> Date) {
        self.actor = actor
        self.simulated = simulated
        self.clock = clock
    }

    public var now: Date { ISOTime.truncate(clock()) }
}
