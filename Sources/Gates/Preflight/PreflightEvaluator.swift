import Foundation
import Playbook

/// Judges a phase's preflight for each candidate on its own evidence. Pure.
///
/// A charger fails when it was not seen within `seen_within`, or when one of the metrics breaks its bound.
/// A count (`sum`, `per_charger_day`) without samples is 0: the charger reported nothing of that kind. A
/// `ratio` or `mean` without samples has no value, and a charger without a value fails: no evidence is not
/// good evidence.
public enum PreflightEvaluator {
    public static func evaluate(_ inputs: PreflightInputs) -> PreflightReport {
        let p = inputs.preflight
        let results = inputs.candidates.map { id -> ChargerHealth in
            var reasons: [String] = []
            if let within = p.seenWithin, !inputs.seen.contains(id) {
                reasons.append("not seen within \(within) (no sample of any metric)")
            }
            for criterion in p.metrics {
                guard let form = inputs.forms[criterion.metric] else {
                    reasons.append("\(criterion.metric): not defined")
                    continue
                }
                if let why = judge(criterion, form: form, totals: inputs.totals[id] ?? SampleTotals(), window: inputs.window,
                                   lookback: p.lookback) {
                    reasons.append(why)
                }
            }
            return ChargerHealth(charger: id, healthy: reasons.isEmpty, reasons: reasons)
        }
        return PreflightReport(phase: inputs.phase, window: inputs.window, chargers: results)
    }

    /// Why the charger breaks `criterion`, or nil when it meets it.
    static func judge(_ criterion: PreflightMetric, form: MetricForm, totals: SampleTotals, window: EvidenceWindow,
                      lookback: PlaybookDuration) -> String? {
        let measured = MetricMath.measure(form, totals: totals, chargers: 1, window: window)
        var value = measured.value
        if case let .sum(name) = form, (totals.counts[name] ?? 0) == 0 { value = 0 }
        let threshold = criterion.bound.threshold
        guard let value, value.isFinite else {
            return "\(criterion.metric): no value over \(lookback) (\(measured.note ?? "no samples"))"
        }
        let meets = criterion.bound.isAtLeast ? value >= threshold : value <= threshold
        guard !meets else { return nil }
        let op = criterion.bound.isAtLeast ? "<" : ">"
        let per = if case .perChargerDay = form { " per charger day" } else { "" }
        return "\(criterion.metric) \(formatNumber(value)) \(op) \(formatNumber(threshold))\(per) over \(lookback)"
    }
}
