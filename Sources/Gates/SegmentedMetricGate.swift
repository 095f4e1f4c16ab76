import Playbook

extension GateEvaluator {
    /// A `by:` metric gate: each segment of the group on `to` is judged on its own, by the same rules as a gate
    /// without `by` (`min_samples` and `compare_to` per segment). The gate fails when any segment fails, is
    /// pending when none fails and any is pending (or there is no segment yet), and passes when all pass.
    ///
    /// The gate's own `value` is its worst segment's (lowest for `at_least`, highest for `at_most`): the number that
    /// decides; `samples` and `chargers` add up the segments'.
    static func evaluateSegmented(_ gate: MetricGate, by attribute: String, evidence: MetricEvidence?, inputs: GateInputs) -> GateResult {
        let threshold = gate.bound.threshold
        let setAside = inputs.quarantinedSegments[attribute] ?? []
        let aside = setAside.isEmpty ? "" : "; quarantined, not judged: " + setAside.sorted().joined(separator: ", ")
        guard let evidence, let segments = evidence.segments else {
            return GateResult(kind: "metric", name: gate.metric, result: .pending, threshold: threshold,
                              detail: "\(gate.metric) by \(attribute): no evidence was gathered", by: attribute, segments: [])
        }
        var single = gate
        single.by = nil
        let results = segments.sorted { $0.value < $1.value }.map { segment -> SegmentResult in
            let r = evaluateMetric(single, evidence: MetricEvidence(window: evidence.window, group: segment.group,
                                                                    control: segment.control, query: segment.query), inputs: inputs)
            return SegmentResult(segment: segment.value, result: r.result, value: r.value, samples: r.samples,
                                 chargers: r.chargers, control: r.control, detail: r.detail)
        }
        let verdict = results.isEmpty ? Verdict.pending : Verdict.combine(results.map(\.result))
        let values = results.compactMap(\.value)
        let worst = gate.bound.isAtLeast ? values.min() : values.max()
        let counted = results.compactMap(\.samples)
        let detail: String
        if results.isEmpty {
            detail = "\(gate.metric) by \(attribute): no chargers of the cohort are on \(inputs.to) yet" + aside
        } else {
            detail = "\(gate.metric) by \(attribute): " + describe(results, metric: gate.metric) + aside
        }
        return GateResult(kind: "metric", name: gate.metric, result: verdict, value: worst, threshold: threshold,
                          samples: counted.isEmpty ? nil : counted.reduce(0, +), window: evidence.window,
                          chargers: results.reduce(0) { $0 + ($1.chargers ?? 0) },
                          source: evidence.query.map { [$0] }, detail: detail, by: attribute, segments: results)
    }

    /// `fail in m2 (0.91 < 0.97 over 4 chargers, 340 samples); pending in m3 (...); pass in m0, m1`.
    private static func describe(_ results: [SegmentResult], metric: String) -> String {
        func short(_ r: SegmentResult) -> String {
            let text = r.detail.hasPrefix(metric + ": ") ? String(r.detail.dropFirst(metric.count + 2))
                : r.detail.hasPrefix(metric + " ") ? String(r.detail.dropFirst(metric.count + 1)) : r.detail
            return "\(r.segment) (\(text))"
        }
        var parts: [String] = []
        let failing = results.filter { $0.result == .fail }, pending = results.filter { $0.result == .pending }
        let passing = results.filter { $0.result == .pass }
        if !failing.isEmpty { parts.append("fail in " + failing.map(short).joined(separator: "; ")) }
        if !pending.isEmpty { parts.append("pending in " + pending.map(short).joined(separator: "; ")) }
        if !passing.isEmpty { parts.append("pass in " + passing.map(\.segment).joined(separator: ", ")) }
        let count = results.count == 1 ? "1 segment" : "\(results.count) segments"
        return "\(count): " + parts.joined(separator: "; ")
    }
}
