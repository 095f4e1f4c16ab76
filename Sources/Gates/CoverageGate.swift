import Playbook

extension GateEvaluator {
    /// Every value of the attribute among the cohort's chargers has at least `min_each` chargers routed to `to`.
    static func evaluateCoverage(_ gate: CoverageGate, inputs: GateInputs) -> GateResult {
        var onTarget: [String: Int] = [:]
        for c in inputs.chargers {
            let value = c.attributes[gate.by] ?? "(none)"
            onTarget[value, default: 0] += c.backend == inputs.to ? 1 : 0
        }
        let values = onTarget.keys.sorted()
        let short = values.filter { onTarget[$0]! < gate.minEach }
        let least = onTarget.values.min() ?? 0
        let counts = values.map { "\($0): \(onTarget[$0]!)" }
        guard !values.isEmpty else {
            return GateResult(kind: "coverage", name: "by \(gate.by)", result: .pending, threshold: Double(gate.minEach),
                              chargers: 0, detail: "the cohort has no chargers")
        }
        let detail = short.isEmpty
            ? "every \(gate.by) has at least \(gate.minEach) on \(inputs.to) (\(counts.joined(separator: ", ")))"
            : "\(short.count) of \(values.count) \(gate.by) values have fewer than \(gate.minEach) on \(inputs.to): "
                + short.map { "\($0) \(onTarget[$0]!)" }.joined(separator: ", ")
        // Coverage grows only when the cohort advances, so a shortfall is a fail, not a wait.
        return GateResult(kind: "coverage", name: "by \(gate.by)", result: short.isEmpty ? .pass : .fail,
                          value: Double(least), threshold: Double(gate.minEach),
                          chargers: inputs.group.count, source: counts, detail: detail)
    }
}
