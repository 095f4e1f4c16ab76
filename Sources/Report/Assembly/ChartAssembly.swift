import Engine
import Foundation
import Gates
import Playbook

/// Turns the daily totals of each metric gate into daily values, with the same arithmetic as the gate.
enum ChartAssembly {
    static func charts(phase: Phase, playbook: Playbook, series: [DailySeries]) -> [MetricChart] {
        phase.gates.enumerated().compactMap { index, gate in
            guard case let .metric(g) = gate.kind else { return nil }
            let atLeast: Bool = if case .atLeast = g.bound { true } else { false }
            guard let s = series.first(where: { $0.gateIndex == index }), let definition = playbook.metric(named: g.metric) else {
                let why = playbook.metric(named: g.metric).map { if case .prometheus = $0.form { "a Prometheus metric has no daily series in the store" } else { "no daily series" } } ?? "the metric is not defined"
                return MetricChart(metric: g.metric, atLeast: atLeast, threshold: g.bound.threshold,
                                   window: EvidenceWindow(start: .distantPast, end: .distantPast), group: [], note: why)
            }
            let group = points(s.group, form: definition.form, chargers: s.groupChargers, window: s.window)
            let control = s.control.map { points($0, form: definition.form, chargers: s.controlChargers, window: s.window) }
            var chart = MetricChart(metric: g.metric, atLeast: atLeast, threshold: g.bound.threshold, window: s.window,
                                    group: group, controlBackend: g.compareTo, control: control)
            chart.groupNote = s.groupNote
            if !chart.hasData {
                chart.note = s.groupChargers == 0
                    ? "no charger of the cohort is on \(playbook.to), so there are no samples to chart"
                    : "no \(g.metric) samples from \(ReportFormat.day(s.window.start)) to \(ReportFormat.day(s.window.end))"
            }
            return chart
        }
    }

    static func points(_ days: [DailyTotals], form: MetricForm, chargers: Int, window: EvidenceWindow) -> [ChartPoint] {
        days.map { d in
            let part = EvidenceWindow(start: max(d.day, window.start), end: min(d.day.addingTimeInterval(86_400), window.end))
            let m = MetricMath.measure(form, totals: d.totals, chargers: chargers, window: part)
            return ChartPoint(day: d.day, value: m.value, samples: m.samples)
        }
    }
}
