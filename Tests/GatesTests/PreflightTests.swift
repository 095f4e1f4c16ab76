import Foundation
import Gates
import Playbook
import Testing

/// A phase's preflight, judged per charger on its own evidence.
@Suite struct PreflightTests {
    let preflight = Preflight(lookback: .days(7), seenWithin: .hours(24), metrics: [
        PreflightMetric(metric: "drops", bound: .atMost(1)),
        PreflightMetric(metric: "faults", bound: .atMost(0)),
    ])
    let forms: [String: MetricForm] = ["drops": .perChargerDay("connection.dropped"), "faults": .sum("status.faulted"),
                                       "success": .ratio(numerator: "session.started", denominator: "session.attempted")]

    func judge(_ totals: [String: SampleTotals], seen: Set<String>, preflight: Preflight? = nil) -> PreflightReport {
        let p = preflight ?? self.preflight
        return PreflightEvaluator.evaluate(PreflightInputs(phase: "pilot", preflight: p, forms: forms, window: PreflightInputs.window(p, now: t0),
                                                           candidates: ["quiet", "flaky", "faulted", "silent"], totals: totals, seen: seen))
    }

    @Test func eachChargerOnItsOwnEvidence() {
        let report = judge([
            "flaky": SampleTotals(sums: ["connection.dropped": 14], counts: ["connection.dropped": 14]),
            "faulted": SampleTotals(sums: ["status.faulted": 1], counts: ["status.faulted": 1]),
        ], seen: ["quiet", "flaky", "faulted"])
        #expect(report.healthy == ["quiet"], "no drop and no fault, seen: healthy")
        let reasons = Dictionary(uniqueKeysWithValues: report.chargers.map { ($0.charger, $0.reasons) })
        #expect(reasons["flaky"] == ["drops 2 > 1 per charger day over 7d"])
        #expect(reasons["faulted"] == ["faults 1 > 0 over 7d"])
        #expect(reasons["silent"] == ["not seen within 1d (no sample of any metric)"])
        #expect(report.unhealthy.map(\.charger) == ["flaky", "faulted", "silent"], "in the candidates' order")
    }

    @Test func aRatioWithoutSamplesHasNoValueAndFails() {
        let p = Preflight(lookback: .days(7), metrics: [PreflightMetric(metric: "success", bound: .atLeast(0.9))])
        let report = judge(["quiet": SampleTotals(sums: ["session.started": 9, "session.attempted": 10], counts: [:])], seen: [], preflight: p)
        #expect(report.healthy == ["quiet"])
        let flaky = report.chargers.first { $0.charger == "flaky" }
        #expect(flaky?.healthy == false)
        #expect(flaky?.reasons.first?.contains("no value over 7d") == true)
    }

    @Test func theBoundIsInclusive() {
        let report = judge(["quiet": SampleTotals(sums: ["connection.dropped": 7], counts: ["connection.dropped": 3])], seen: ["quiet"])
        #expect(report.healthy.contains("quiet"), "7 drops over 7 days is 1 a day: at most 1")
    }
}
