import Playbook

extension GateEvaluator {
    /// A metric over the cohort's group on `to`, against a bound, a sample minimum, and optionally a control group.
    ///
    /// No value, too few samples, an empty group or an unreachable source → pending (never pass).
    /// A broken bound is a fail even when the control group is still pending: the evidence already breaks it.
    static func evaluateMetric(_ gate: MetricGate, evidence: MetricEvidence?, inputs: GateInputs) -> GateResult {
        let op = gate.bound.isAtLeast ? ">=" : "<="
        let threshold = gate.bound.threshold
        guard let evidence else {
            return GateResult(kind: "metric", name: gate.metric, result: .pending, threshold: threshold,
                              detail: "\(gate.metric): no evidence was gathered")
        }
        let g = evidence.group
        func result(_ verdict: Verdict, _ detail: String, control: ControlEvidence? = nil) -> GateResult {
            GateResult(kind: "metric", name: gate.metric, result: verdict, value: g.value, threshold: threshold,
                       samples: g.samples, window: evidence.window, chargers: g.chargers, control: control,
                       source: evidence.query.map { [$0] }, detail: detail)
        }
        let over = "over \(g.chargers) chargers" + (g.samples.map { ", \(formatNumber($0)) samples" } ?? "")
        guard g.chargers > 0 else {
            return result(.pending, "\(gate.metric): no chargers of the cohort are on \(inputs.to) yet")
        }
        if g.overflowed == true {
            return result(.fail, "\(gate.metric) cannot be judged: \(g.note ?? "not a finite number") \(over); a value that cannot be measured fails")
        }
        if let c = evidence.control, c.overflowed == true, let backend = gate.compareTo {
            return result(.fail, "\(gate.metric): the \(backend) control group cannot be judged: \(c.note ?? "not a finite number"); a value that cannot be measured fails",
                          control: ControlEvidence(backend: backend, chargers: c.chargers, maxDrop: gate.maxDrop ?? 0))
        }
        guard let value = g.value else {
            return result(.pending, "\(gate.metric): no value yet (\(g.note ?? "no samples")) \(over)")
        }
        if let minSamples = gate.minSamples, let samples = g.samples, samples < Double(minSamples) {
            return result(.pending, "\(gate.metric) \(formatNumber(value)) \(op) \(formatNumber(threshold))? only \(formatNumber(samples)) of \(minSamples) samples needed, over \(g.chargers) chargers")
        }
        let meets = gate.bound.isAtLeast ? value >= threshold : value <= threshold
        let base = "\(gate.metric) \(formatNumber(value)) \(meets ? op : (gate.bound.isAtLeast ? "<" : ">")) \(formatNumber(threshold)) \(over)"
        guard let backend = gate.compareTo else {
            return result(meets ? .pass : .fail, base)
        }
        let maxDrop = gate.maxDrop ?? 0
        guard let c = evidence.control, let controlValue = c.value,
              c.chargers > 0,
              gate.minSamples.map({ min in (c.samples ?? 0) >= Double(min) }) ?? true
        else {
            let control = ControlEvidence(backend: backend, value: evidence.control?.value, samples: evidence.control?.samples,
                                          chargers: evidence.control?.chargers, maxDrop: maxDrop)
            let why = evidence.control?.note ?? "too few samples"
            return result(meets ? .pending : .fail,
                          base + "; \(backend) control group not conclusive (\(why), \(formatNumber(evidence.control?.samples ?? 0)) samples over \(evidence.control?.chargers ?? 0) chargers)",
                          control: control)
        }
        let drop = gate.bound.isAtLeast ? controlValue - value : value - controlValue
        guard drop.isFinite else {
            return result(.fail, base + "; the difference from \(backend) is not a finite number; a value that cannot be measured fails",
                          control: ControlEvidence(backend: backend, value: controlValue, samples: c.samples, chargers: c.chargers, maxDrop: maxDrop))
        }
        let within = drop <= maxDrop + 1e-12
        let control = ControlEvidence(backend: backend, value: controlValue, samples: c.samples, chargers: c.chargers,
                                      drop: drop, maxDrop: maxDrop)
        let comparison = "\(backend) \(formatNumber(controlValue)) over \(c.chargers) chargers"
            + (c.samples.map { ", \(formatNumber($0)) samples" } ?? "")
            + (drop > 0 ? "; worse by \(formatNumber(drop))" : "; better by \(formatNumber(-drop))") + " (at most \(formatNumber(maxDrop)) worse)"
        return result(meets && within ? .pass : .fail, base + "; " + comparison, control: control)
    }
}

extension MetricGate.Bound {
    public var isAtLeast: Bool {
        if case .atLeast = self { return true }
        return false
    }
}
