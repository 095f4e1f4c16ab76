import Foundation
import Playbook

/// Turns sample totals into a metric's value and sample count, per the metric form.
public enum MetricMath {
    /// The measurement of `form` from `totals` over `chargers` chargers and `window`.
    ///
    /// ratio: Σa ÷ Σb, samples Σb. per_charger_day: Σa ÷ (chargers × days), samples chargers × days.
    /// sum: Σa, samples n. mean: Σa ÷ n, samples n.
    /// A sum or a value that is not a finite number (samples too large to add up) gives no value and
    /// `overflowed`, which the gate turns into a fail; a zero denominator gives no value (pending).
    public static func measure(_ form: MetricForm, totals: SampleTotals, chargers: Int, window: EvidenceWindow) -> MetricMeasurement {
        if chargers == 0 {
            return MetricMeasurement(value: nil, samples: 0, chargers: 0, note: "no chargers in the group")
        }
        for name in form.sampleNames where !(totals.sums[name] ?? 0).isFinite {
            return MetricMeasurement(value: nil, samples: nil, chargers: chargers,
                                     note: "the sum of \(name) over the window is not a finite number (sample values too large to add up)",
                                     overflowed: true)
        }
        let measured = measureFinite(form, totals: totals, chargers: chargers, window: window)
        if let value = measured.value, !value.isFinite {
            return MetricMeasurement(value: nil, samples: measured.samples, chargers: chargers,
                                     note: "the value is not a finite number (sample values too large)", overflowed: true)
        }
        return measured
    }

    private static func measureFinite(_ form: MetricForm, totals: SampleTotals, chargers: Int, window: EvidenceWindow) -> MetricMeasurement {
        func sum(_ n: String) -> Double { totals.sums[n] ?? 0 }
        func count(_ n: String) -> Int { totals.counts[n] ?? 0 }
        switch form {
        case let .ratio(a, b):
            let denominator = sum(b)
            guard denominator > 0 else {
                return MetricMeasurement(value: nil, samples: denominator, chargers: chargers, note: "no \(b) samples")
            }
            return MetricMeasurement(value: sum(a) / denominator, samples: denominator, chargers: chargers)
        case let .perChargerDay(a):
            let chargerDays = Double(chargers) * window.days
            guard chargerDays > 0 else {
                return MetricMeasurement(value: nil, samples: 0, chargers: chargers, note: "the window is empty")
            }
            guard count(a) > 0 else {
                return MetricMeasurement(value: nil, samples: chargerDays, chargers: chargers, note: "no \(a) samples")
            }
            return MetricMeasurement(value: sum(a) / chargerDays, samples: chargerDays, chargers: chargers)
        case let .sum(a):
            guard count(a) > 0 else {
                return MetricMeasurement(value: nil, samples: 0, chargers: chargers, note: "no \(a) samples")
            }
            return MetricMeasurement(value: sum(a), samples: Double(count(a)), chargers: chargers)
        case let .mean(a):
            guard count(a) > 0 else {
                return MetricMeasurement(value: nil, samples: 0, chargers: chargers, note: "no \(a) samples")
            }
            return MetricMeasurement(value: sum(a) / Double(count(a)), samples: Double(count(a)), chargers: chargers)
        case .prometheus:
            return MetricMeasurement(value: nil, samples: nil, chargers: chargers, note: "a Prometheus metric is not computed from samples")
        }
    }
}

extension MetricGate {
    /// The trailing window ending at `now`; never starting before the phase was entered.
    public func window(now: Date, enteredAt: Date) -> EvidenceWindow {
        var start = enteredAt
        if let window {
            start = max(enteredAt, now.addingTimeInterval(-window.timeInterval))
        }
        return EvidenceWindow(start: min(start, now), end: now)
    }
}
