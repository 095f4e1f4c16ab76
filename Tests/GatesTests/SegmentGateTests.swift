import Foundation
import Gates
import Playbook
import Testing

/// `by:` metric gates: every segment judged as a gate of its own.
@Suite struct SegmentGateTests {
    let window = EvidenceWindow(start: t0, end: t0.addingTimeInterval(86_400))
    let gate = MetricGate(metric: "success", bound: .atLeast(0.95), minSamples: 100, by: "model")

    func segment(_ value: String, _ ok: Double?, samples: Double = 200, chargers: Int = 3, control: MetricMeasurement? = nil) -> SegmentEvidence {
        SegmentEvidence(value: value, chargers: (0..<chargers).map { "\(value)-\($0)" },
                        group: MetricMeasurement(value: ok, samples: samples, chargers: chargers, note: ok == nil ? "no tried samples" : nil),
                        control: control)
    }

    func evaluate(_ gate: MetricGate, _ segments: [SegmentEvidence], quarantined: [String: [String]] = [:]) -> GateResult {
        var i = inputs(phase: phase(.metric(gate)), metrics: [0: MetricEvidence(window: window,
                                                                              group: MetricMeasurement(value: nil, samples: nil, chargers: 0),
                                                                              segments: segments)])
        i.quarantinedSegments = quarantined
        return GateEvaluator.evaluate(i).gates[0]
    }

    @Test func everySegmentPassing() {
        let r = evaluate(gate, [segment("A", 0.99), segment("B", 0.97), segment("C", 0.96)])
        #expect(r.result == .pass)
        #expect(r.by == "model")
        #expect(r.segments?.map(\.segment) == ["A", "B", "C"])
        #expect(r.segments?.allSatisfy { $0.result == .pass } == true)
        #expect(r.value == 0.96, "the worst segment decides")
        #expect(r.samples == 600)
        #expect(r.chargers == 9)
    }

    @Test func oneFailingSegmentFailsTheGateWhateverThePooledValue() {
        // Pooled, 0.98 over 600 samples would pass; model B alone does not.
        let r = evaluate(gate, [segment("A", 1.0), segment("B", 0.94), segment("C", 1.0)])
        #expect(r.result == .fail)
        #expect(r.segments?.first { $0.segment == "B" }?.result == .fail)
        #expect(r.segments?.filter { $0.result == .pass }.count == 2)
        #expect(r.value == 0.94)
        #expect(r.detail.contains("fail in B (0.94 < 0.95"), "\(r.detail)")
    }

    @Test func minSamplesApplyPerSegment() {
        let r = evaluate(gate, [segment("A", 0.99), segment("B", 0.99, samples: 40)])
        #expect(r.result == .pending)
        #expect(r.segments?.first { $0.segment == "B" }?.result == .pending)
        #expect(r.segments?.first { $0.segment == "B" }?.detail.contains("only 40 of 100 samples") == true)
    }

    @Test func aFailBeatsAPendingSegment() {
        let r = evaluate(gate, [segment("A", nil, samples: 0), segment("B", 0.5)])
        #expect(r.result == .fail)
        #expect(r.segments?.map(\.result) == [.pending, .fail])
    }

    @Test func noSegmentYetIsPending() {
        let r = evaluate(gate, [])
        #expect(r.result == .pending)
        #expect(r.segments?.isEmpty == true)
        #expect(r.detail.contains("no chargers of the cohort are on target yet"))
    }

    @Test func missingEvidenceIsPending() {
        let i = inputs(phase: phase(.metric(gate)))
        #expect(GateEvaluator.evaluate(i).gates[0].result == .pending)
    }

    @Test func eachSegmentIsComparedWithTheSameSegmentOnTheControlBackend() {
        var compared = gate
        compared.compareTo = "legacy"
        compared.maxDrop = 0.01
        let legacyA = MetricMeasurement(value: 0.99, samples: 500, chargers: 10)
        let legacyB = MetricMeasurement(value: 0.96, samples: 500, chargers: 10)
        // A: 0.97 is above the threshold but 0.02 worse than legacy's A → fail; B: 0.955, 0.005 worse than legacy's B → pass.
        let r = evaluate(compared, [segment("A", 0.97, control: legacyA), segment("B", 0.955, control: legacyB)])
        #expect(r.result == .fail)
        let a = r.segments?.first { $0.segment == "A" }
        let b = r.segments?.first { $0.segment == "B" }
        #expect(a?.result == .fail)
        #expect(a?.control?.value == 0.99)
        #expect(abs((a?.control?.drop ?? 0) - 0.02) < 1e-9)
        #expect(b?.result == .pass)
        #expect(b?.control?.value == 0.96)
    }

    @Test func aSegmentWithoutAControlIsPending() {
        var compared = gate
        compared.compareTo = "legacy"
        let none = MetricMeasurement(value: nil, samples: 0, chargers: 0, note: "no chargers in the group")
        let r = evaluate(compared, [segment("A", 0.99, control: none)])
        #expect(r.result == .pending)
        #expect(r.segments?.first?.detail.contains("control group not conclusive") == true)
    }

    @Test func quarantinedSegmentsAreNamedAsNotJudged() {
        let r = evaluate(gate, [segment("A", 0.99)], quarantined: ["model": ["B"], "firmware": ["2.1"]])
        #expect(r.result == .pass)
        #expect(r.detail.hasSuffix("quarantined, not judged: B"), "\(r.detail)")
    }

    @Test func segmentsAppearInTheJSONBesideTheUsualFields() throws {
        let r = evaluate(gate, [segment("A", 0.99), segment("B", nil, samples: 0)])
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        let object = try #require(try JSONSerialization.jsonObject(with: e.encode(r)) as? [String: Any])
        for key in ["kind", "name", "result", "value", "threshold", "samples", "window", "detail", "by", "segments"] {
            #expect(object.keys.contains(key), "\(key)")
        }
        let segments = try #require(object["segments"] as? [[String: Any]])
        #expect(segments.map { $0["segment"] as? String } == ["A", "B"])
        #expect(segments[1]["value"] is NSNull, "a segment without a value says null")
        #expect(segments[1]["result"] as? String == "pending")
        // A gate without `by` has neither key.
        let plain = GateResult(kind: "metric", name: "m", result: .pass, detail: "d")
        let plainObject = try #require(try JSONSerialization.jsonObject(with: e.encode(plain)) as? [String: Any])
        #expect(plainObject["segments"] == nil && plainObject["by"] == nil)
    }
}

/// The corrections: a drop rate without drops is 0, not pending.
@Suite struct PerChargerDayTests {
    let week = EvidenceWindow(start: t0, end: t0.addingTimeInterval(7 * 86_400))

    @Test func noEventInTheWindowIsARateOfZero() {
        let m = MetricMath.measure(.perChargerDay("connection.dropped"), totals: SampleTotals(), chargers: 4, window: week)
        #expect(m.value == 0)
        #expect(m.samples == 28, "samples are charger-days")
    }

    @Test func aPilotWithoutDropsPassesADropGate() {
        let gate = MetricGate(metric: "drops", bound: .atMost(0.5), window: .days(7))
        let m = MetricMath.measure(.perChargerDay("connection.dropped"), totals: SampleTotals(), chargers: 4, window: week)
        let i = inputs(phase: phase(.metric(gate)), chargers: [GroupCharger(id: "1", attributes: [:], backend: "target")],
                       metrics: [0: MetricEvidence(window: week, group: m)])
        #expect(GateEvaluator.evaluate(i).gates[0].result == .pass)
    }

    @Test func anEmptyWindowStillHasNoValue() {
        let empty = EvidenceWindow(start: t0, end: t0)
        #expect(MetricMath.measure(.perChargerDay("d"), totals: SampleTotals(), chargers: 4, window: empty).value == nil)
    }
}
