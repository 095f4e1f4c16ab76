import Foundation
import Gates
import Playbook
import Testing

/// Issue 9, class 4: a sum that overflows, or a value that is not finite, is a fail (so `on_fail` runs),
/// never infinity or NaN in the evidence; a zero denominator stays pending; JSON always encodes.
@Suite struct NonFiniteMetricTests {
    let week = EvidenceWindow(start: t0, end: t0.addingTimeInterval(7 * 86_400))

    func judge(_ form: MetricForm, _ totals: SampleTotals, bound: MetricGate.Bound = .atMost(5)) -> GateResult {
        let m = MetricMath.measure(form, totals: totals, chargers: 2, window: week)
        let gate = MetricGate(metric: "m", bound: bound)
        let i = inputs(phase: phase(.metric(gate)), metrics: [0: MetricEvidence(window: week, group: m)])
        return GateEvaluator.evaluate(i).gates[0]
    }

    @Test(arguments: [
        (MetricForm.sum("x"), SampleTotals(sums: ["x": .infinity], counts: ["x": 2])),
        (MetricForm.mean("x"), SampleTotals(sums: ["x": -.infinity], counts: ["x": 2])),
        (MetricForm.ratio(numerator: "a", denominator: "b"), SampleTotals(sums: ["a": 1, "b": .infinity], counts: ["a": 1, "b": 2])),
        (MetricForm.ratio(numerator: "a", denominator: "b"), SampleTotals(sums: ["a": .infinity, "b": 1], counts: ["a": 2, "b": 1])),
        (MetricForm.ratio(numerator: "a", denominator: "b"), SampleTotals(sums: ["a": 1e308, "b": 1e-308], counts: ["a": 1, "b": 1])),
        (MetricForm.perChargerDay("x"), SampleTotals(sums: ["x": .nan], counts: ["x": 1])),
    ])
    func notFiniteIsAFail(form: MetricForm, totals: SampleTotals) throws {
        let r = judge(form, totals)
        #expect(r.result == .fail, "\(r)")
        #expect(r.value == nil && r.samples.map(\.isFinite) != false, "\(r)")
        #expect(r.detail.contains("not a finite number"), "\(r.detail)")
        #expect(!r.detail.contains("inf") && !r.detail.contains("nan"), "\(r.detail)")
        let json = try JSONEncoder().encode(r)
        #expect(String(decoding: json, as: UTF8.self).contains("\"value\":null"))
    }

    @Test func aZeroDenominatorStaysPending() {
        let r = judge(.ratio(numerator: "a", denominator: "b"), SampleTotals(sums: ["a": 0, "b": 0], counts: ["a": 0, "b": 0]), bound: .atLeast(0.9))
        #expect(r.result == .pending, "\(r)")
    }

    @Test func aNonFiniteNumberInAResultEncodesAsNull() throws {
        let r = GateResult(kind: "metric", name: "m", result: .fail, value: .infinity, threshold: .nan, samples: -.infinity,
                           control: ControlEvidence(backend: "legacy", value: .nan, drop: .infinity, maxDrop: 0.1), detail: "x")
        let text = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        #expect(text.contains("\"value\":null") && text.contains("\"threshold\":null") && text.contains("\"samples\":null"), "\(text)")
        #expect(!text.contains("\"drop\""), "\(text)")
    }

    @Test(arguments: [(1e-27, "1e-27"), (0.000123456, "0.0001235"), (0.97, "0.97"), (2e20, "2e+20"), (12.5, "12.5"), (3, "3")])
    func smallAndLargeThresholdsPrintTheirValue(x: Double, shown: String) {
        #expect(formatNumber(x) == shown)
    }
}

/// Issue 9, class 8: one person, however their name is spelt, counts once.
@Suite struct PersonNameTests {
    func approval(_ actor: String, _ role: String) -> ApprovalRecord {
        ApprovalRecord(cohort: "north", phase: "pilot", actor: actor, role: role, at: t0)
    }

    @Test func spellingsOfOnePersonCountOnce() {
        let gate = ApprovalsGate(roles: ["operations", "support", "finance"])
        let r = GateEvaluator.evaluate(inputs(phase: phase(.approvals(gate)), approvals: [
            approval("alice", "operations"), approval("alice ", "support"), approval("ALICE", "finance"),
            approval("ａｌｉｃｅ", "support"), approval("Ali\u{0063}e", "finance"),
        ])).gates[0]
        #expect(r.result == .pending, "\(r)")
        #expect(r.value == 1, "\(r)")
        #expect(r.source == ["operations: alice"], "shown as first typed: \(String(describing: r.source))")
    }

    @Test func distinctPeopleStillCount() {
        let gate = ApprovalsGate(roles: ["operations", "support"])
        let r = GateEvaluator.evaluate(inputs(phase: phase(.approvals(gate)), approvals: [
            approval(" Bob", "operations"), approval("Carol", "support"),
        ])).gates[0]
        #expect(r.result == .pass, "\(r)")
    }

    @Test(arguments: [("alice", " ALICE\t"), ("José", "Jose\u{301}"), ("ｂｏｂ", "bob"), ("Anne  Marie", "anne marie")])
    func sameKey(a: String, b: String) {
        #expect(PersonName.same(a, b))
    }

    @Test func differentPeopleDiffer() {
        #expect(!PersonName.same("alice", "alicia"))
        #expect(!PersonName.same("bob", "b o b"))
    }
}
