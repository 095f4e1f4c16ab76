internal import Yams

extension PlaybookDecoder {
    static let metricFormKeys = ["ratio", "per_charger_day", "sum", "mean", "prometheus"]

    /// `metrics:`; also records every well-formed name for the gates' references.
    func decodeMetrics(_ node: Node) -> [MetricDefinition] {
        guard case let .mapping(mapping) = node else {
            error("'metrics' must be a mapping of metric name → definition; found \(kind(of: node))", at: node)
            metricForms = nil
            return []
        }
        var metrics: [MetricDefinition] = []
        var forms: [String: MetricForm] = [:]
        var broken: [String] = []
        for (keyNode, value) in mapping {
            guard let name = self.name(keyNode, "a metric name") else { continue }
            if let form = decodeMetricForm(value, name: name) {
                metrics.append(MetricDefinition(name: name, form: form, position: position(of: keyNode)))
                forms[name] = form
            } else {
                broken.append(name)
            }
        }
        // A broken definition still counts as defined, so gates that use it raise no second error.
        metricForms = forms
        brokenMetrics = Set(broken)
        usedMetrics.formUnion(broken)
        return metrics
    }

    private func decodeMetricForm(_ node: Node, name: String) -> MetricForm? {
        let what = "metric '\(name)'"
        guard let fields = fields(node, what, allowed: Self.metricFormKeys) else { return nil }
        guard let (key, _, value) = fields.entries.first else {
            // Unknown keys were reported already; say what is missing only for an empty definition.
            guard case let .mapping(mapping) = node, mapping.isEmpty else { return nil }
            error("\(what) needs one of \(Self.metricFormKeys.joined(separator: ", "))", at: node)
            return nil
        }
        if fields.entries.count > 1 {
            error("\(what) has both '\(key)' and '\(fields.entries[1].key)'; give exactly one form", at: fields.entries[1].keyNode)
            return nil
        }
        switch key {
        case "ratio":
            guard let parts = strings(value, "'ratio' of \(what)", single: false, names: true) else { return nil }
            guard parts.count == 2 else {
                error("'ratio' of \(what) must list exactly two sample names, [numerator, denominator]; found \(parts.count)", at: value)
                return nil
            }
            return .ratio(numerator: parts[0].0, denominator: parts[1].0)
        case "per_charger_day": return self.name(value, "'per_charger_day' of \(what)").map(MetricForm.perChargerDay)
        case "sum": return self.name(value, "'sum' of \(what)").map(MetricForm.sum)
        case "mean": return self.name(value, "'mean' of \(what)").map(MetricForm.mean)
        default: return string(value, "'prometheus' query of \(what)").map { MetricForm.prometheus(query: $0) }
        }
    }
}
