import Playbook

extension GateEvaluator {
    /// Another cohort has reached a phase, or completed; not yet (or unknown) → pending.
    static func evaluateAfter(_ gate: AfterGate, inputs: GateInputs) -> GateResult {
        let target: String
        switch gate.milestone {
        case let .phase(p): target = "\(gate.cohort) reached \(p)"
        case .completed: target = "\(gate.cohort) completed"
        }
        guard let other = inputs.cohorts[gate.cohort] else {
            return GateResult(kind: "after", name: target, result: .pending, detail: "waiting: no cohort named \(gate.cohort) yet")
        }
        let reached: Bool
        switch gate.milestone {
        case let .phase(p): reached = other.reached(phase: p)
        case .completed: reached = other.status == "completed"
        }
        let now = other.status == "completed" ? "completed" : "in \(other.phases[min(other.phaseIndex, other.phases.count - 1)]) (\(other.status))"
        return GateResult(kind: "after", name: target, result: reached ? .pass : .pending,
                          detail: reached ? "\(target): it is \(now)" : "waiting until \(target); it is \(now)")
    }
}
