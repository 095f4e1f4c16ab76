import Foundation
import Gates
import Playbook
import Testing

@Suite struct MetricMathTests {
    let week = EvidenceWindow(start: t0, end: t0.addingTimeInterval(7 * 86_400))

    @Test func ratio() {
        let m = MetricMath.measure(.ratio(numerator: "ok", denominator: "all"), totals: SampleTotals(sums: ["ok": 97, "all": 100]), chargers: 3, window: week)
        #expect(m.value == 0.97)
        #expect(m.samples == 100)
    }

    @Test func ratioWithoutDenominatorHasNoValue() {
        let m = MetricMath.measure(.ratio(numerator: "ok", denominator: "all"), totals: SampleTotals(), chargers: 3, window: week)
        #expect(m.value == nil)
    }

    @Test func perChargerDay() {
        let m = MetricMath.measure(.perChargerDay("drops"), totals: SampleTotals(sums: ["drops": 21], counts: ["drops": 5]), chargers: 3, window: week)
        #expect(m.value == 1.0)
        #expect(m.samples == 21)
    }

    @Test func sumAndMean() {
        let t = SampleTotals(sums: ["x": 10], counts: ["x": 4])
        #expect(MetricMath.measure(.sum("x"), totals: t, chargers: 1, window: week).value == 10)
        #expect(MetricMath.measure(.mean("x"), totals: t, chargers: 1, window: week).value == 2.5)
        #expect(MetricMath.measure(.mean("x"), totals: t, chargers: 1, window: week).samples == 4)
    }

    @Test func windowNeverStartsBeforeThePhase() {
        let gate = MetricGate(metric: "m", bound: .atLeast(0.9), window: .days(7))
        let w = gate.window(now: t0.addingTimeInterval(3 * 86_400), enteredAt: t0)
        #expect(w.start == t0)
        let later = gate.window(now: t0.addingTimeInterval(10 * 86_400), enteredAt: t0)
        #expect(later.start == t0.addingTimeInterval(3 * 86_400))
    }
}

@Suite struct MetricGateTests {
    let window = EvidenceWindow(start: t0, end: t0.addingTimeInterval(86_400))

    func evaluate(_ gate: MetricGate, group: MetricMeasurement, control: MetricMeasurement? = nil) -> GateResult {
        let i = inputs(phase: phase(.metric(gate)), chargers: [GroupCharger(id: "1", attributes: [:], backend: "target")],
                       metrics: [0: MetricEvidence(window: window, group: group, control: control)])
        return GateEvaluator.evaluate(i).gates[0]
    }

    static let bounds: [(MetricGate.Bound, Double, Verdict)] = [
        (.atLeast(0.97), 0.98, .pass), (.atLeast(0.97), 0.97, .pass), (.atLeast(0.97), 0.96, .fail),
        (.atMost(0.5), 0.4, .pass), (.atMost(0.5), 0.5, .pass), (.atMost(0.5), 0.51, .fail),
    ]

    @Test(arguments: bounds)
    func bound(_ bound: MetricGate.Bound, value: Double, expected: Verdict) {
        let r = evaluate(MetricGate(metric: "m", bound: bound), group: MetricMeasurement(value: value, samples: 1000, chargers: 10))
        #expect(r.result == expected)
        #expect(r.value == value)
        #expect(r.threshold == bound.threshold)
        #expect(r.window == window)
    }

    @Test func tooFewSamplesIsPendingEvenWhenTheValueWouldFail() {
        let r = evaluate(MetricGate(metric: "m", bound: .atLeast(0.97), minSamples: 300), group: MetricMeasurement(value: 0.5, samples: 299, chargers: 10))
        #expect(r.result == .pending)
    }

    @Test func noValueIsPending() {
        let r = evaluate(MetricGate(metric: "m", bound: .atMost(1)), group: MetricMeasurement(value: nil, samples: 0, chargers: 10, note: "no samples"))
        #expect(r.result == .pending)
    }

    @Test func missingEvidenceIsPending() {
        let i = inputs(phase: phase(.metric(MetricGate(metric: "m", bound: .atMost(1)))))
        #expect(GateEvaluator.evaluate(i).gates[0].result == .pending)
    }

    static let comparisons: [(Double, Double, Verdict)] = [
        (0.96, 0.965, .pass),   // worse by 0.005, allowed 0.01
        (0.96, 0.975, .fail),   // worse by 0.015
        (0.99, 0.96, .pass),    // better than control
        (0.94, 0.94, .fail),    // meets control but breaks the bound
    ]

    @Test(arguments: comparisons)
    func compareTo(value: Double, control: Double, expected: Verdict) {
        let gate = MetricGate(metric: "m", bound: .atLeast(0.95), minSamples: 100, compareTo: "legacy", maxDrop: 0.01)
        let r = evaluate(gate, group: MetricMeasurement(value: value, samples: 500, chargers: 10),
                         control: MetricMeasurement(value: control, samples: 5000, chargers: 100))
        #expect(r.result == expected)
        #expect(r.control?.value == control)
        #expect(r.control?.backend == "legacy")
    }

    @Test func controlWithTooFewSamplesIsPending() {
        let gate = MetricGate(metric: "m", bound: .atLeast(0.95), minSamples: 100, compareTo: "legacy", maxDrop: 0.01)
        let r = evaluate(gate, group: MetricMeasurement(value: 0.99, samples: 500, chargers: 10),
                         control: MetricMeasurement(value: 0.99, samples: 50, chargers: 3))
        #expect(r.result == .pending)
    }

    @Test func atMostComparisonWorseMeansHigher() {
        let gate = MetricGate(metric: "m", bound: .atMost(0.5), compareTo: "legacy", maxDrop: 0.1)
        let worse = evaluate(gate, group: MetricMeasurement(value: 0.45, samples: 10, chargers: 1), control: MetricMeasurement(value: 0.3, samples: 10, chargers: 1))
        let fine = evaluate(gate, group: MetricMeasurement(value: 0.35, samples: 10, chargers: 1), control: MetricMeasurement(value: 0.3, samples: 10, chargers: 1))
        #expect(worse.result == .fail)
        #expect(fine.result == .pass)
    }
}
