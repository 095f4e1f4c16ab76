import Engine
import Foundation
import Gates
import Playbook

/// Gate reports for people (a table) and scripts (the JSON of CLI.md).
enum GateRendering {
    static func table(_ report: GateReport) -> String {
        let rows = report.gates.flatMap { g -> [[String]] in
            let number = g.kind == "soak" ? { (x: Double) in PlaybookDuration(seconds: Int64(x)).description } : format
            let row = [g.kind == "metric" ? g.name : "\(g.kind)", g.result.rawValue.uppercased(),
                       g.value.map(number) ?? "-", g.threshold.map(number) ?? "-", g.samples.map(format) ?? "-", g.detail]
            // A `by:` gate: one indented row per segment under it.
            let segments = (g.segments ?? []).map { s in
                ["  \(g.by ?? "")=\(s.segment)", s.result.rawValue.uppercased(), s.value.map(format) ?? "-", g.threshold.map(format) ?? "-",
                 s.samples.map(format) ?? "-", s.detail]
            }
            return [row] + segments
        }
        let head = "cohort \(report.cohort), phase \(report.phase): \(report.result.rawValue.uppercased()) (evaluated \(ISOTime.format(report.evaluatedAt)))"
        if rows.isEmpty { return head + "\n  the phase has no gates" }
        return head + "\n" + Output.table(["GATE", "RESULT", "VALUE", "THRESHOLD", "SAMPLES", "WHY"], rows)
    }

    static func format(_ x: Double) -> String {
        if x.rounded() == x, abs(x) < 1e15 { return String(Int64(x)) }
        var s = String(format: "%.4f", x)
        while s.hasSuffix("0") { s.removeLast() }
        return s
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
