import Engine
import Foundation
import Gates
import Playbook
import Report

extension MigrationService {
    /// Per sample-based metric gate of the current phase: daily totals of the group (the cohort's chargers on `to`,
    /// as the gate judges them) and of the control group, from entering the phase (at most `ReportLimits.chartDays`
    /// days back) to now. When none is on `to`
    /// now (a rollback moved them back), the chargers the journal routed to `to` in the phase, so the chart shows
    /// what happened before the rollback; the chart says so.
    func series(_ snapshot: CohortSnapshot, journal: [JournalEntry], now: Date, reads: GateReads = GateReads()) throws -> [DailySeries] {
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
        // The gates' sample names read together, once for the group and once per `compare_to` backend: a store that
        // keeps a charger's day in one row reads it once for every gate (each metric is still added up on its own).
        var gates: [(index: Int, names: [String], control: String?)] = []
        for (index, gate) in snapshot.machine.phase.gates.enumerated() {
            guard case let .metric(g) = gate.kind, let definition = playbook.metric(named: g.metric) else { continue }
            if case .prometheus = definition.form { continue }
            gates.append((index: index, names: definition.form.sampleNames, control: g.compareTo))
        }
        guard !gates.isEmpty else { return [] }
        func daily(_ names: [String], _ ids: [String]) throws -> [DailyTotals] {
            try store.dailyTotals(of: Array(Set(names)).sorted(), chargers: ids, window: window)
                .map { DailyTotals(day: $0.day, totals: $0.totals) }
        }
        let groupDays = try daily(gates.flatMap(\.names), group)
        var controls: [String: (chargers: Int, days: [DailyTotals])] = [:]
        for backend in Set(gates.compactMap(\.control)).sorted() {
            let ids = try reads.chargerIDs(routedTo: backend, includeUnrouted: backend == playbook.from, in: store)
            controls[backend] = (ids.count, try daily(gates.filter { $0.control == backend }.flatMap(\.names), ids))
        }
        func only(_ names: [String], _ days: [DailyTotals]) -> [DailyTotals] {
            days.map { d in
                var t = SampleTotals()
                for n in names { t.sums[n] = d.totals.sums[n]; t.counts[n] = d.totals.counts[n] }
                return DailyTotals(day: d.day, totals: t)
            }
        }
        var result: [DailySeries] = []
        for gate in gates {
            let control = gate.control.flatMap { controls[$0] }
            result.append(DailySeries(gateIndex: gate.index, window: window, groupChargers: group.count, group: only(gate.names, groupDays),
                                      controlChargers: control?.chargers ?? 0, control: control.map { only(gate.names, $0.days) },
                                      groupNote: groupNote))
        }
        return result
    }
}
