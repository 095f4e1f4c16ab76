import Engine
import Foundation
import Gates
import Playbook
import Report

extension MigrationService {
    /// The checkpoint decision report of a cohort, assembled now from the journal and the store.
    public func report(of cohort: String, as invocation: Invocation) async throws -> CheckpointReport {
        CheckpointReport.assemble(try await reportInput(of: cohort, as: invocation))
    }

    /// What a checkpoint report is assembled from: reads only, the report itself is pure.
    public func reportInput(of cohort: String, as invocation: Invocation) async throws -> ReportInput {
        let now = invocation.now
        let snapshot = try store.snapshot(of: cohort)
        let gates = try await runner(invocation).gateReport(for: snapshot, now: now)
        let verify = try store.verify()
        let journal = try store.history(cohort: cohort)
        return ReportInput(
            snapshot: snapshot, gates: gates, journal: journal, issues: try store.issues(),
            fleet: try store.fleet(), routes: try store.routes(cohort: nil),
            verification: JournalVerification(ok: verify.ok, entries: verify.entries, lastHash: verify.lastHash, problem: verify.problem),
            series: try series(snapshot, journal: journal, now: now),
            now: now)
    }

    /// Per sample-based metric gate of the current phase: daily totals of the group (the cohort's chargers on `to`,
    /// as the gate judges them) and of the control group, from entering the phase (at most `ReportLimits.chartDays`
    /// days back) to now. When none is on `to`
    /// now (a rollback moved them back), the chargers the journal routed to `to` in the phase, so the chart shows
    /// what happened before the rollback; the chart says so.
    func series(_ snapshot: CohortSnapshot, journal: [JournalEntry], now: Date) throws -> [DailySeries] {
        let playbook = snapshot.playbook
        // At most the last `ReportLimits.chartDays` days: a phase of years (or a far `--now`) stays a short table.
        let entered = min(snapshot.cohort.enteredAt, now)
        let earliest = now.addingTimeInterval(-Double(ReportLimits.chartDays) * 86_400)
        let window = EvidenceWindow(start: max(entered, earliest), end: now)
        let cut = entered < earliest
            ? "the last \(ReportLimits.chartDays) days of the phase (entered \(ISOTime.format(entered).prefix(10)))" : nil
        var group = snapshot.chargers.map(\.id).filter { (snapshot.routes[$0] ?? playbook.from) == playbook.to }
        var groupNote: String? = cut
        if group.isEmpty {
            var routed = Set<String>()
            for e in journal where e.at >= snapshot.cohort.enteredAt {
                if case let .routeChanged(p) = e.event, p.backend == playbook.to { routed.formUnion(p.chargers) }
            }
            if !routed.isEmpty {
                group = routed.sorted()
                groupNote = "the \(group.count) chargers that were on \(playbook.to) in this phase (none is now)" + (cut.map { "; \($0)" } ?? "")
            }
        }
        var result: [DailySeries] = []
        for (index, gate) in snapshot.machine.phase.gates.enumerated() {
            guard case let .metric(g) = gate.kind, let definition = playbook.metric(named: g.metric) else { continue }
            if case .prometheus = definition.form { continue }
            let names = definition.form.sampleNames
            func daily(_ ids: [String]) throws -> [DailyTotals] {
                try store.dailyTotals(of: names, chargers: ids, window: window).map { DailyTotals(day: $0.day, totals: $0.totals) }
            }
            let control = try g.compareTo.map { try store.chargerIDs(routedTo: $0, includeUnrouted: $0 == playbook.from) }
            result.append(DailySeries(gateIndex: index, window: window, groupChargers: group.count, group: try daily(group),
                                      controlChargers: control?.count ?? 0, control: try control.map(daily), groupNote: groupNote))
        }
        return result
    }
}
