import Engine
import Foundation
import Gates

extension Decision {
    /// The decision for a cohort in `status`, in phase `phase` (followed by `next`, nil when it is the last),
    /// from the current phase's gates evaluated now. `halt` is the entry that stopped the cohort, when it is
    /// paused or rolled back: its time and reason.
    public static func make(cohort: String, status: CohortStatus, report: GateReport, next: String?, phases: Int,
                            completedAt: Date?, halt: (at: Date, reason: String?)?, from: String = "the old backend") -> Decision {
        let why = halt.map { " on \(ReportFormat.time($0.at))" + ($0.reason.map { " (\($0))" } ?? "") } ?? ""
        switch status {
        case .completed:
            let regression = report.result == .pass ? "" :
                " Evaluated again now, \(listed(report.gates.filter { $0.result != .pass }, verb: ("does not pass", "do not pass"), phase: report.phase))."
            return Decision(outcome: .completed, sentence:
                "Completed: \(cohort) passed the gates of all \(phases) phases and completed on \(ReportFormat.time(completedAt)); there is nothing left to expand." + regression)
        case .rolledBack:
            return Decision(outcome: .notReady, sentence:
                "Not ready: \(cohort) was rolled back\(why) and every charger is back on \(from); it must be restarted before it can expand." + gateClause(report))
        case .rollingBack:
            return Decision(outcome: .notReady, sentence: "Not ready: \(cohort) is rolling back\(why); it cannot expand." + gateClause(report))
        case .paused:
            return Decision(outcome: .notReady, sentence: "Not ready: \(cohort) is paused in \(report.phase)\(why); it must be resumed before it can expand." + gateClause(report))
        case .active:
            return active(report, next: next)
        }
    }

    static func active(_ report: GateReport, next: String?) -> Decision {
        let gates = report.gates
        let failing = gates.filter { $0.result == .fail }
        let pending = gates.filter { $0.result == .pending }
        switch report.result {
        case .pass:
            let onward = next.map { "; the next phase is \($0)" } ?? "; it is the last phase, so advancing completes the cohort"
            let all = gates.isEmpty ? "phase \(report.phase) has no gates" : "all \(ReportFormat.plural(gates.count, "gate")) of phase \(report.phase) pass"
            return Decision(outcome: .ready, sentence: "Ready to expand: \(all)\(onward).")
        case .fail:
            var s = "Not ready: \(failing.count) of \(gates.count) gates of phase \(report.phase) fail — " + details(failing)
            if !pending.isEmpty { s += "; \(pending.count) more pending" }
            return Decision(outcome: .notReady, sentence: s + ".")
        case .pending:
            return Decision(outcome: .notYetKnown, sentence:
                "Not yet known: \(pending.count) of \(gates.count) gates of phase \(report.phase) are pending, none fails — missing evidence: " + details(pending) + ".")
        }
    }

    /// For a halted cohort: what its current phase's gates say now.
    static func gateClause(_ report: GateReport) -> String {
        switch report.result {
        case .pass: " Its gates of \(report.phase) pass now."
        case .fail: " Now, \(listed(report.gates.filter { $0.result == .fail }, verb: ("fails", "fail"), phase: report.phase))."
        case .pending: " Now, \(listed(report.gates.filter { $0.result == .pending }, verb: ("is pending", "are pending"), phase: report.phase))."
        }
    }

    static func listed(_ gates: [GateResult], verb: (one: String, many: String), phase: String) -> String {
        "\(ReportFormat.plural(gates.count, "gate")) of \(phase) \(gates.count == 1 ? verb.one : verb.many): " + gates.map(ReportText.gateName).joined(separator: ", ")
    }

    static func details(_ gates: [GateResult]) -> String {
        gates.map { "\(ReportText.gateName($0)) (\(ReportText.detail($0)))" }.joined(separator: "; ")
    }
}
