import Engine
import Foundation
import Gates
import Playbook

/// Gate reports for people (a table) and scripts (the JSON of CLI.md).
enum GateRendering {
    static func table(_ report: GateReport) -> String {
        let rows = report.gates.map { g -> [String] in
            let number = g.kind == "soak" ? duration : format
            return [g.kind == "metric" ? g.name : "\(g.kind)", g.result.rawValue.uppercased(),
                    g.value.map(number) ?? "-", g.threshold.map(number) ?? "-", g.samples.map(format) ?? "-", g.detail]
        }
        let head = "cohort \(report.cohort), phase \(report.phase): \(report.result.rawValue.uppercased()) (evaluated \(ISOTime.format(report.evaluatedAt)))"
        if rows.isEmpty { return head + "\n  the phase has no gates" }
        return head + "\n" + Output.table(["GATE", "RESULT", "VALUE", "THRESHOLD", "SAMPLES", "WHY"], rows)
    }

    /// As gate details write numbers (`formatNumber`): 1e-27 stays 1e-27, not "0.".
    static func format(_ x: Double) -> String { formatNumber(x) }

    /// Seconds as a playbook duration (`14d`); never traps, whatever the number.
    static func duration(_ x: Double) -> String {
        guard x.isFinite, abs(x) < 9e18 else { return formatNumber(x) }
        return PlaybookDuration(seconds: Int64(x)).description
    }

    /// `{"cohort", "phase", "result", "evaluated_at", "gates": [...]}`.
    struct JSON: Encodable {
        var cohort: String
        var phase: String
        var result: String
        var evaluatedAt: Date
        var gates: [GateResult]

        init(_ r: GateReport) {
            cohort = r.cohort
            phase = r.phase
            result = r.result.rawValue
            evaluatedAt = r.evaluatedAt
            gates = r.gates
        }

        enum CodingKeys: String, CodingKey {
            case cohort, phase, result, gates
            case evaluatedAt = "evaluated_at"
        }
    }
}
