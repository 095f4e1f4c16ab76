internal import Yams

extension PlaybookDecoder {
    static let gateKinds = ["metric", "issues", "approvals", "coverage", "calendar", "after"]
    static let gateOptions: [String: [String]] = [
        "issues": ["severity", "scope", "max_open"], "approvals": ["roles", "min"], "coverage": ["by", "min_each"],
        "calendar": ["days", "hours", "timezone"], "after": ["cohort", "phase", "completed"],
    ]
    static let metricGateKeys = ["metric", "at_least", "at_most", "window", "min_samples", "compare_to", "max_drop"]

    /// A gate: a mapping with exactly one kind key (a `metric` gate carries its options beside it).
    func decodeGate(_ node: Node, phase: String) -> Gate? {
        let what = "a gate of \(phase)"
        guard case let .mapping(mapping) = node else {
            error("\(what) must be a mapping such as '- metric: NAME' or '- issues: {...}'; found \(kind(of: node))", at: node)
            return nil
        }
        let keys = mapping.compactMap { $0.key.scalar?.string }
        // A metric gate, or one whose `metric` key is misspelt but whose options say what it is.
        if keys.contains(where: Self.metricGateKeys.contains) {
            return decodeMetricGate(node, phase: phase).map { Gate(.metric($0), position: position(of: node)) }
        }
        guard mapping.count == 1, let (keyNode, value) = mapping.first, let key = keyNode.scalar?.string else {
            let kinds = keys.filter(Self.gateKinds.contains)
            if kinds.count > 1 {
                error("\(what) has \(kinds.count) kinds (\(quoteList(kinds))); write each as its own '- ' entry", at: node)
            } else if mapping.isEmpty {
                error("\(what) is empty; give one of \(Self.gateKinds.joined(separator: ", "))", at: node)
            } else if let kind = kinds.first {
                // An option written beside its gate rather than inside it.
                for (keyNode, _) in mapping {
                    guard let key = keyNode.scalar?.string, key != kind else { continue }
                    if Self.gateOptions[kind]?.contains(key) == true {
                        error("'\(key)' belongs inside the gate: '- \(kind): { \(key): ... }'", at: keyNode)
                    } else {
                        error("unknown key '\(key)' in \(what)\(Suggestion.hint(for: key, in: Self.gateKinds))", at: keyNode)
                    }
                }
            } else {
                _ = fields(node, what, allowed: Self.gateKinds)
                error("\(what) needs one of \(Self.gateKinds.joined(separator: ", "))", at: node)
            }
            return nil
        }
        let kind: GateKind?
        switch key {
        case "issues": kind = decodeIssuesGate(value, phase: phase).map(GateKind.issues)
        case "approvals": kind = decodeApprovalsGate(value, phase: phase).map(GateKind.approvals)
        case "coverage": kind = decodeCoverageGate(value, phase: phase).map(GateKind.coverage)
        case "calendar": kind = decodeCalendarGate(value, phase: phase).map(GateKind.calendar)
        case "after": kind = decodeAfterGate(value, phase: phase).map(GateKind.after)
        default:
            let hint = Self.metricGateKeys.contains(key) ? "; a metric gate starts with 'metric: NAME'" : Suggestion.hint(for: key, in: Self.gateKinds)
            error("unknown gate '\(key)' in \(phase)\(hint)", at: keyNode)
            kind = nil
        }
        return kind.map { Gate($0, position: position(of: node)) }
    }

    private func decodeMetricGate(_ node: Node, phase: String) -> MetricGate? {
        guard let fields = fields(node, "a metric gate of \(phase)", allowed: Self.metricGateKeys, required: ["metric"]) else { return nil }
        var ok = true
        let name = fields["metric"].flatMap { self.name($0, "'metric' of a gate in \(phase)") }
        var form: MetricForm?
        if let name, let nameNode = fields["metric"] {
            usedMetrics.insert(name)
            if let forms = metricForms {
                form = forms[name]
                if form == nil, !brokenMetrics.contains(name) {
                    let known = Array(forms.keys).sorted()
                    error("gate in \(phase) uses metric '\(name)', which is not defined under 'metrics'\(Suggestion.hint(for: name, in: known))", at: nameNode)
                    ok = false
                }
            }
        } else { ok = false }
        let label = name.map { "the gate on '\($0)'" } ?? "a metric gate"

        let atLeast = fields["at_least"].flatMap { number($0, "'at_least' of \(label)") }
        let atMost = fields["at_most"].flatMap { number($0, "'at_most' of \(label)") }
        var bound: MetricGate.Bound?
        switch (fields.keyNode("at_least"), fields.keyNode("at_most")) {
        case (nil, nil):
            error("\(label) in \(phase) needs a threshold: 'at_least: X' or 'at_most: X'", at: node)
        case let (.some, .some(secondKey)):
            error("\(label) in \(phase) has both 'at_least' and 'at_most'; give one (split it into two gates for a band)", at: secondKey)
        case (.some, nil): bound = atLeast.map(MetricGate.Bound.atLeast)
        case (nil, .some): bound = atMost.map(MetricGate.Bound.atMost)
        }
        if let bound, let form, let thresholdNode = fields["at_least"] ?? fields["at_most"] {
            checkPossible(bound, form: form, metric: name ?? "", at: thresholdNode)
        }

        let window = fields["window"].flatMap { duration($0, "'window' of \(label)", positive: true) }
        if fields.has("window"), window == nil { ok = false }
        var minSamples: Int?
        if let node = fields["min_samples"] {
            minSamples = int(node, "'min_samples' of \(label)", in: 1...ValueLimits.largestCount)
            if minSamples == nil { ok = false }
            if case .prometheus = form {
                error("'min_samples' cannot apply to '\(name ?? "")': a Prometheus metric has no sample count, so the gate would stay pending forever", at: node)
            }
        }
        let compareTo = fields["compare_to"].flatMap { backendReference($0, "'compare_to' of \(label)") }
        if fields.has("compare_to"), compareTo == nil { ok = false }
        var maxDrop: Double?
        if let node = fields["max_drop"] {
            maxDrop = number(node, "'max_drop' of \(label)")
            if let value = maxDrop, value < 0 {
                error("'max_drop' of \(label) must be zero or more; found \(value)", at: node)
            }
            if !fields.has("compare_to"), let key = fields.keyNode("max_drop") {
                error("'max_drop' of \(label) needs 'compare_to: BACKEND' (the control group it is measured against)", at: key)
            }
        }
        guard ok, let name, let bound else { return nil }
        return MetricGate(metric: name, bound: bound, window: window, minSamples: minSamples, compareTo: compareTo, maxDrop: maxDrop)
    }

    /// A threshold no value of the metric can meet makes a phase that can never be left.
    private func checkPossible(_ bound: MetricGate.Bound, form: MetricForm, metric: String, at node: Node) {
        switch (bound, form) {
        case let (.atLeast(x), .ratio) where x > 1:
            error("'at_least: \(format(x))' can never be met: '\(metric)' is a ratio between 0 and 1 (write 0.97 for 97%)", at: node)
        case let (.atMost(x), .ratio) where x < 0, let (.atMost(x), .perChargerDay) where x < 0:
            error("'at_most: \(format(x))' can never be met: '\(metric)' is never negative", at: node)
        case let (.atLeast(x), .ratio) where x < 0:
            error("'at_least: \(format(x))' on ratio '\(metric)' is below 0, so the gate could never fail; write a fraction between 0 and 1", at: node)
        case let (.atMost(x), .ratio) where x > 1:
            error("'at_most: \(format(x))' on ratio '\(metric)' is above 1, so the gate could never fail; write a fraction between 0 and 1 (0.02 for 2%)", at: node)
        default:
            return
        }
    }

    func format(_ x: Double) -> String { x.rounded() == x && abs(x) < 1e15 ? String(Int64(x)) : "\(x)" }
}
