import Engine
import Foundation
import Gates
import Playbook

/// Everything a checkpoint report is assembled from. The command reads it from the store; tests build it by hand.
public struct ReportInput: Sendable {
    public var snapshot: CohortSnapshot
    /// The current phase's gates, evaluated at `now`.
    public var gates: GateReport
    /// The cohort's journal entries, oldest first.
    public var journal: [JournalEntry]
    /// Every issue record (open and closed); the report keeps those that name this cohort or none.
    public var issues: [IssueRecord]
    /// The whole fleet's chargers counted by model, site (`CoverageTable.attributes`) and backend (chargers with no
    /// route on the playbook's `from`): the coverage tables compare the cohort with them.
    public var fleet: FleetCounts
    public var verification: JournalVerification
    /// Per metric gate of the current phase, its daily sample totals over the phase so far.
    public var series: [DailySeries]
    public var now: Date

    public init(snapshot: CohortSnapshot, gates: GateReport, journal: [JournalEntry], issues: [IssueRecord],
                fleet: FleetCounts, verification: JournalVerification, series: [DailySeries], now: Date) {
        self.snapshot = snapshot
        self.gates = gates
        self.journal = journal
        self.issues = issues
        self.fleet = fleet
        self.verification = verification
        self.series = series
        self.now = now
    }

    /// The same, counting `fleet` and `routes` (every routed charger) here.
    public init(snapshot: CohortSnapshot, gates: GateReport, journal: [JournalEntry], issues: [IssueRecord],
                fleet: [Charger], routes: [Route], verification: JournalVerification, series: [DailySeries], now: Date) {
        let backends = Dictionary(routes.map { ($0.charger, $0.backend) }, uniquingKeysWith: { _, last in last })
        self.init(snapshot: snapshot, gates: gates, journal: journal, issues: issues,
                  fleet: FleetCounts(fleet: fleet, routes: backends, attributes: CoverageTable.attributes, missing: CoverageTable.missing,
                                     unrouted: snapshot.playbook.from),
                  verification: verification, series: series, now: now)
    }
}

/// What `migrate verify` found, as the report states it.
public struct JournalVerification: Sendable, Equatable {
    public var ok: Bool
    public var entries: Int
    public var lastHash: String?
    /// What is wrong, when not ok.
    public var problem: String?

    public init(ok: Bool, entries: Int, lastHash: String? = nil, problem: String? = nil) {
        self.ok = ok
        self.entries = entries
        self.lastHash = lastHash
        self.problem = problem
    }
}

/// Sample totals of one UTC day (the part of it inside the window).
public struct DailyTotals: Sendable, Equatable {
    public var day: Date
    public var totals: SampleTotals

    public init(day: Date, totals: SampleTotals) {
        self.day = day
        self.totals = totals
    }
}

/// The daily totals behind one metric gate of the current phase: the cohort's group and, with
/// `compare_to`, the control group, over `window` (from entering the phase to now).
public struct DailySeries: Sendable, Equatable {
    /// Index of the gate in the phase's `gates`.
    public var gateIndex: Int
    public var window: EvidenceWindow
    public var groupChargers: Int
    public var group: [DailyTotals]
    public var controlChargers: Int
    public var control: [DailyTotals]?
    /// Set when the group is not the one the gate judges now, saying which it is (for a cohort rolled back,
    /// the chargers that were on `to` in the phase).
    public var groupNote: String?

    public init(gateIndex: Int, window: EvidenceWindow, groupChargers: Int, group: [DailyTotals],
                controlChargers: Int = 0, control: [DailyTotals]? = nil, groupNote: String? = nil) {
        self.groupNote = groupNote
        self.gateIndex = gateIndex
        self.window = window
        self.groupChargers = groupChargers
        self.group = group
        self.controlChargers = controlChargers
        self.control = control
    }
}
