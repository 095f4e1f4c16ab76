import Foundation
import Playbook

/// Judges a phase's gates. Pure: inputs in, a report with evidence out; no store, no clock, no network.
public enum GateEvaluator {
    /// Every gate of `inputs.phase`, the soak first when the phase has one.
    public static func evaluate(_ inputs: GateInputs) -> GateReport {
        var results: [GateResult] = []
        if let soak = inputs.phase.soak {
            results.append(evaluateSoak(soak, inputs: inputs))
        }
        for (index, gate) in inputs.phase.gates.enumerated() {
            results.append(evaluate(gate, index: index, inputs: inputs))
        }
        return GateReport(cohort: inputs.cohort, phase: inputs.phase.name, evaluatedAt: inputs.now, gates: results)
    }

    /// One gate.
    public static func evaluate(_ gate: Gate, index: Int, inputs: GateInputs) -> GateResult {
        switch gate.kind {
        case let .metric(g): evaluateMetric(g, evidence: inputs.metrics[index], inputs: inputs)
        case let .issues(g): evaluateIssues(g, inputs: inputs)
        case let .approvals(g): evaluateApprovals(g, inputs: inputs)
        case let .coverage(g): evaluateCoverage(g, inputs: inputs)
        case let .calendar(g): evaluateCalendar(g, now: inputs.now)
        case let .after(g): evaluateAfter(g, inputs: inputs)
        }
    }
}

/// Formats numbers in gate details: integers without a fraction, others with up to 4 significant decimals.
/// Numbers too small for four decimals (1e-27) or too large to print whole keep four significant digits.
package func formatNumber(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "not a number" : (x > 0 ? "infinity" : "-infinity") }
    if x.rounded() == x, abs(x) < 1e15 { return String(Int64(x)) }
    if abs(x) < 0.001 || abs(x) >= 1e15 { return String(format: "%.4g", x) }
    var s = String(format: "%.4f", x)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
}

/// `14d 3h` style, for soak and age texts.
package func formatSeconds(_ seconds: Double) -> String {
    // Past ten thousand years (or not a number) there is nothing useful to print exactly; never trap.
    let s = seconds.isFinite ? Int64(min(max(0, seconds), 3.2e11)) : 0
    let d = s / 86_400, h = (s % 86_400) / 3_600, m = (s % 3_600) / 60
    if d > 0 { return h > 0 ? "\(d)d \(h)h" : "\(d)d" }
    if h > 0 { return m > 0 ? "\(h)h \(m)m" : "\(h)h" }
    if m > 0 { return "\(m)m" }
    return "\(s)s"
}
