import Playbook

extension GateEvaluator {
    /// At most `max_open` open issue records match: severity, scope, and this cohort or no cohort.
    static func evaluateIssues(_ gate: IssuesGate, inputs: GateInputs) -> GateResult {
        let matching = inputs.issues.filter { issue in
            issue.isOpen
                && (gate.severities.isEmpty || gate.severities.contains(issue.severity))
                // An unclassified issue may be either: it counts against a scoped gate until someone classifies it.
                && (gate.scope == nil || issue.scope == nil || issue.scope == gate.scope)
                && (issue.cohort == nil || issue.cohort == inputs.cohort)
        }
        .sorted { ($0.severity, $0.id) < ($1.severity, $1.id) }
        let what = describe(gate)
        let pass = matching.count <= gate.maxOpen
        let ids = matching.map(\.id)
        var detail = "\(matching.count) open \(what) (at most \(gate.maxOpen))"
        if !ids.isEmpty { detail += ": " + ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", …" : "") }
        let unclassified = gate.scope == nil ? 0 : matching.filter { $0.scope == nil }.count
        if unclassified > 0 { detail += " (\(unclassified) unclassified, counted until given a scope)" }
        return GateResult(kind: "issues", name: what, result: pass ? .pass : .fail,
                          value: Double(matching.count), threshold: Double(gate.maxOpen), source: ids, detail: detail)
    }

    private static func describe(_ gate: IssuesGate) -> String {
        var parts: [String] = []
        if !gate.severities.isEmpty { parts.append(gate.severities.map(\.rawValue).joined(separator: "/")) }
        if let scope = gate.scope { parts.append(scope.rawValue) }
        parts.append("issues")
        return parts.joined(separator: " ")
    }
}

private func < (a: (Severity, String), b: (Severity, String)) -> Bool {
    a.0 != b.0 ? a.0 < b.0 : a.1 < b.1
}
