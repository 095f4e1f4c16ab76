import Engine
import Playbook
import Foundation
import Gates

extension MigrationService {
    /// A cohort's status: phase, status, chargers per backend, its gates at a glance (evaluated now, while it is
    /// active) and its plan.
    public func status(of cohort: String, as invocation: Invocation) async throws -> CohortStatusView {
        try await statusAndGates(of: cohort, as: invocation).status
    }

    /// The status and, for an active cohort, the gate report it was judged on (for front ends that show each gate,
    /// such as `/metrics`), from one evaluation.
    public func statusAndGates(of cohort: String, as invocation: Invocation,
                               reads: GateReads = GateReads()) async throws -> (status: CohortStatusView, gates: GateReport?) {
        let snapshot = try store.snapshot(of: cohort)
        var report: GateReport?
        if snapshot.cohort.status == .active {
            report = try await runner(invocation).gateReport(for: snapshot, now: invocation.now, reads: reads)
        }
        return (CohortStatusView(snapshot, report: report), report)
    }

    /// Every cohort's status, oldest first. The cohorts' gates share what they all read (issues, milestones, the
    /// `compare_to` groups and their sample totals): read once, not once per cohort.
    public func statuses(as invocation: Invocation) async throws -> [CohortStatusView] {
        let reads = GateReads()
        var result: [CohortStatusView] = []
        for cohort in try store.cohorts() { result.append(try await statusAndGates(of: cohort.name, as: invocation, reads: reads).status) }
        return result
    }

    /// The current phase's gates, evaluated now, with evidence; changes nothing.
    public func gates(of cohort: String, as invocation: Invocation) async throws -> GateReport {
        try await runner(invocation).gateReport(for: try store.snapshot(of: cohort), now: invocation.now)
    }

    /// The journal of one cohort (its entries and the issue entries naming it), or all of it; oldest first.
    public func history(of cohort: String?) throws -> [JournalEntry] {
        try store.history(cohort: cohort)
    }

    /// The hash chain, and that the tables follow from the journal; samples by their seals where they hold, or all
    /// of them in depth when `full`.
    public func verify(full: Bool = false) throws -> VerifyReport {
        try store.verify(full: full)
    }

    /// The routing table, optionally of one cohort.
    public func routes(of cohort: String?) throws -> [Route] {
        try store.routes(cohort: cohort)
    }

    public func fleet() throws -> [Charger] {
        try store.fleet()
    }

    public func cohorts() throws -> [Cohort] {
        try store.cohorts()
    }

    /// Issue records, open first, most severe first.
    public func issues(openOnly: Bool) throws -> [IssueRecord] {
        func rank(_ r: IssueRecord) -> (Int, Int, String) {
            (r.isOpen ? 0 : 1, Severity.allCases.firstIndex(of: r.severity) ?? 0, r.id)
        }
        return try store.issues().filter { !openOnly || $0.isOpen }.sorted { rank($0) < rank($1) }
    }
}
