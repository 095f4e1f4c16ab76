import Gates
import Playbook

/// A gate's criterion in words, from the playbook.
enum Criterion {
    static func text(_ gate: Gate, playbook: Playbook) -> String {
        switch gate.kind {
        case let .metric(g):
            var parts = ["\(g.metric) \(bound(g.bound))"]
            parts.append(g.window.map { "over the last \($0)" } ?? "since the phase began")
            if let n = g.minSamples { parts.append("at least \(n) samples") }
            if let backend = g.compareTo {
                parts.append("at most \(formatNumber(g.maxDrop ?? 0)) worse than the fleet on \(backend)")
            }
            if let by = g.by {
                parts.append("in every \(by)" + (g.onFail == .quarantine ? " (a failing \(by) is quarantined)" : ""))
            }
            return parts.joined(separator: ", ")
        case let .issues(g):
            let severities = g.severities.isEmpty ? "" : g.severities.map(\.rawValue).joined(separator: "/") + " "
            let scope = g.scope.map { "\($0.rawValue) " } ?? ""
            return "at most \(g.maxOpen) open \(severities)\(scope)issues"
        case let .approvals(g):
            return "approvals by distinct people for \(g.required) of \(g.roles.joined(separator: ", "))"
        case let .coverage(g):
            return "every \(g.by) of the cohort has at least \(g.minEach) chargers on \(playbook.to)"
        case let .calendar(g):
            let days = g.days.map(\.rawValue).joined(separator: ",")
            return "now within \(days)\(g.hours.map { " \($0)" } ?? "") \(g.timezone)"
        case let .after(g):
            switch g.milestone {
            case let .phase(p): return "cohort \(g.cohort) has reached \(p)"
            case .completed: return "cohort \(g.cohort) has completed"
            }
        case let .check(g):
            switch g.probe {
            case let .http(p):
                let json = p.expectJSON.map { "\($0.path) = \($0.value.jsonText)" }.joined(separator: ", ")
                return "\(p.method) \(p.url) answers \(p.expectStatus)" + (json.isEmpty ? "" : " with \(json)") + " within \(g.timeout)"
            case let .run(command):
                return "\(command.joined(separator: " ")) exits 0 within \(g.timeout)"
            }
        }
    }

    static func soak(_ d: PlaybookDuration) -> String { "at least \(d) in the phase" }

    static func bound(_ b: MetricGate.Bound) -> String {
        switch b {
        case let .atLeast(x): "≥ \(formatNumber(x))"
        case let .atMost(x): "≤ \(formatNumber(x))"
        }
    }

    /// The criteria of a phase's gate results, in the order `GateEvaluator` reports them (soak first).
    /// Falls back to the result's own name when the playbook's phase does not line up with the evidence.
    static func texts(for results: [GateResult], phase: Phase?, playbook: Playbook) -> [String] {
        guard let phase else { return results.map(\.name) }
        var expected: [String] = phase.soak.map { [soak($0)] } ?? []
        expected += phase.gates.map { text($0, playbook: playbook) }
        guard expected.count == results.count else { return results.map(\.name) }
        return expected
    }
}
