import Engine
import Foundation
import Gates
import Playbook
import Report
import Store

/// Reads what a checkpoint report is assembled from: wiring only, the report itself is pure.
enum ReportInputLoader {
    static func load(_ cohort: String, context: Context) async throws -> ReportInput {
        let store = context.store
        let now = context.invocation.now
        let snapshot = try store.snapshot(of: cohort)
        let gates = try await context.runner(for: cohort).gateReport(for: snapshot, now: now)
        let verify = try store.verify()
        return ReportInput(
            snapshot: snapshot, gates: gates, journal: try store.history(cohort: cohort), issues: try store.issues(),
            fleet: try store.fleet(), routes: try store.routes(cohort: nil),
            verification: JournalVerification(ok: verify.ok, entries: verify.entries, lastHash: verify.lastHash, problem: verify.problem),
            series: try series(snapshot, journal: try store.history(cohort: cohort), samples: Wiring.samples(store), store: store, now: now),
            now: now)
    }

    /// Per sample-based metric gate of the current phase: daily totals of the group (the cohort's chargers on `to`,
    /// as the gate judges them) and of the control group, from entering the phase to now. When none is on `to`
    /// now (a rollback moved them back), the chargers the journal routed to `to` in the phase, so the chart shows
    /// what happened before the rollback; the chart says so.
    static func series(_ snapshot: CohortSnapshot, journal: [JournalEntry], samples: (any SampleSource)?, store: MigrateStore,
                       now: Date) throws -> [DailySeries] {
        guard let samples else { return [] }
        let playbook = snapshot.playbook
        let window = EvidenceWindow(start: min(snapshot.cohort.enteredAt, now), end: now)
        var group = snapshot.chargers.map(\.id).filter { (snapshot.routes[$0] ?? playbook.from) == playbook.to }
        var groupNote: String?
        if group.isEmpty {
            var routed = Set<String>()
            for e in journal where e.at >= snapshot.cohort.enteredAt {
                if case let .routeChanged(p) = e.event, p.backend == playbook.to { routed.formUnion(p.chargers) }
            }
            if !routed.isEmpty {
                group = routed.sorted()
                groupNote = "the \(group.count) chargers that were on \(playbook.to) in this phase (none is now)"
            }
        }
        var result: [DailySeries] = []
        for (index, gate) in snapshot.machine.phase.gates.enumerated() {
            guard case let .metric(g) = gate.kind, let definition = playbook.metric(named: g.metric) else { continue }
            if case .prometheus = definition.form { continue }
            let names = definition.form.sampleNames
            func daily(_ ids: [String]) throws -> [DailyTotals] {
                try samples.dailyTotals(of: names, chargers: ids, window: window).map { DailyTotals(day: $0.day, totals: $0.totals) }
            }
            let control = try g.compareTo.map { try store.chargerIDs(routedTo: $0, includeUnrouted: $0 == playbook.from) }
            result.append(DailySeries(gateIndex: index, window: window, groupChargers: group.count, group: try daily(group),
                                      controlChargers: control?.count ?? 0, control: try control.map(daily), groupNote: groupNote))
        }
        return result
    }
}
