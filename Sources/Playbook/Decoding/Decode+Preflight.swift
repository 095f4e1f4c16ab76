internal import Yams

extension PlaybookDecoder {
    static let preflightKeys = ["lookback", "seen_within", "metrics"]

    /// A phase's `preflight: {lookback, seen_within, metrics: [{metric, at_least | at_most}]}`.
    func decodePreflight(_ node: Node, phase: String) -> Preflight? {
        let what = "'preflight' of \(phase)"
        guard let fields = fields(node, what, allowed: Self.preflightKeys, required: ["lookback"]) else { return nil }
        var ok = true
        let lookback = fields["lookback"].flatMap { preflightDuration($0, "'lookback' of \(what)") }
        if fields.has("lookback"), lookback == nil { ok = false }
        var seenWithin: PlaybookDuration?
        if let node = fields["seen_within"] {
            seenWithin = preflightDuration(node, "'seen_within' of \(what)")
            if seenWithin == nil { ok = false }
        }
        var metrics: [PreflightMetric] = []
        if let node = fields["metrics"] {
            if let list = items(node, "'metrics' of \(what)") {
                for item in list {
                    if let metric = decodePreflightMetric(item, what) { metrics.append(metric) } else { ok = false }
                }
            } else { ok = false }
        }
        if ok, seenWithin == nil, metrics.isEmpty {
            error("\(what) checks nothing; give 'seen_within: D' or 'metrics: [...]' (or both)", at: node)
            ok = false
        }
        guard ok, let lookback else { return nil }
        return Preflight(lookback: lookback, seenWithin: seenWithin, metrics: metrics, position: fields.position)
    }

    private func preflightDuration(_ node: Node, _ what: String) -> PlaybookDuration? {
        guard let value = duration(node, what, positive: true) else { return nil }
        guard value <= Preflight.longest else {
            error("\(what) is \(value); it may be at most \(Preflight.longest)", at: node)
            return nil
        }
        return value
    }

    /// `- metric: NAME` with `at_least: X` or `at_most: X`, on a sample-based metric.
    private func decodePreflightMetric(_ node: Node, _ what: String) -> PreflightMetric? {
        guard let fields = fields(node, "a metric of \(what)", allowed: ["metric", "at_least", "at_most"], required: ["metric"]),
              let nameNode = fields["metric"], let name = self.name(nameNode, "'metric' of \(what)") else { return nil }
        usedMetrics.insert(name)
        var form: MetricForm?
        if let forms = metricForms {
            form = forms[name]
            if form == nil, !brokenMetrics.contains(name) {
                error("\(what) uses metric '\(name)', which is not defined under 'metrics'\(Suggestion.hint(for: name, in: forms.keys.sorted()))", at: nameNode)
                return nil
            }
        }
        if case .prometheus = form {
            error("\(what) cannot use '\(name)': a Prometheus metric is not computed per charger from its samples", at: nameNode)
            return nil
        }
        let bound: MetricGate.Bound?
        switch (fields["at_least"], fields["at_most"]) {
        case (nil, nil):
            error("'\(name)' in \(what) needs a threshold: 'at_least: X' or 'at_most: X'", at: node)
            return nil
        case (.some, .some):
            error("'\(name)' in \(what) has both 'at_least' and 'at_most'; give one", at: fields.keyNode("at_most") ?? node)
            return nil
        case let (.some(n), nil): bound = number(n, "'at_least' of '\(name)' in \(what)").map(MetricGate.Bound.atLeast)
        case let (nil, .some(n)): bound = number(n, "'at_most' of '\(name)' in \(what)").map(MetricGate.Bound.atMost)
        }
        guard let bound else { return nil }
        if let form, let thresholdNode = fields["at_least"] ?? fields["at_most"] {
            checkPossible(bound, form: form, metric: name, at: thresholdNode)
        }
        return PreflightMetric(metric: name, bound: bound)
    }
}
