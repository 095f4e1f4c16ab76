import Foundation
import Gates

/// The report as plain Markdown: stable order, no time but the report's `now`, diff-friendly.
///
/// Every piece of text that comes from the store or the playbook (names, titles, owners, actors,
/// reasons, and the sentences built from them) goes through `MarkdownEscape.text` (`t`), so it shows
/// as typed and cannot add markup; only the renderer's own `#`, `**`, lists and tables are markup.
public enum MarkdownRenderer {
    public static func render(_ r: CheckpointReport) -> String {
        let t = MarkdownEscape.text
        var out: [String] = []
        out.append("# \(t(ReportText.title)): \(t(r.cohort))")
        out.append(t(ReportText.subtitle(r)))
        out.append("**Decision:** \(t(r.decision.sentence))")
        if let noData = r.noData { out.append("> **No data.** \(t(noData))") }

        out.append("## Gates")
        out.append(r.gates.isEmpty ? "No gate was ever evaluated." : table(ReportText.gateHeader, r.gates.map(ReportText.gateCells)))

        out.append("## The checkpoint questions")
        let a = r.answers
        out.append("### \(t(ReportText.questions[0]))")
        out.append(ReportText.criteria(a.criteria).map(t).joined(separator: "\n"))
        out.append("### \(t(ReportText.questions[1]))")
        out.append(a.openIssues.isEmpty ? "No open issue names this cohort or the whole fleet." :
            table(ReportText.issueHeader, a.openIssues.map(ReportText.issueCells)))
        out.append("### \(t(ReportText.questions[2]))")
        out.append(t(ReportText.scopes(a)))
        out.append("### \(t(ReportText.questions[3]))")
        out.append(a.risks.isEmpty ? "No risk found in the data." : a.risks.map { "- \(t($0))" }.joined(separator: "\n"))
        out.append("### \(t(ReportText.questions[4]))")
        for plan in a.plans {
            let steps = plan.steps.isEmpty ? "  (no steps)" : plan.steps.enumerated().map { "  \($0 + 1). \(t($1))" }.joined(separator: "\n")
            out.append("- **\(t(plan.name))**:\n" + steps)
        }
        out.append(t(ReportText.rollback(a.rollbacks)))

        out.append("## Metrics by day")
        if r.charts.isEmpty { out.append("Phase \(t(r.phase)) has no metric gates.") }
        for c in r.charts {
            out.append("### \(t(ReportText.chartCaption(c)))")
            if let note = c.note { out.append("No data: \(t(note))."); continue }
            if let empty = ReportText.groupEmpty(c, cohort: r.cohort, to: r.to) { out.append(t(empty)) }
            var header = ["day", "value", "samples"]
            if let b = c.controlBackend { header += ["\(b) value", "\(b) samples"] }
            let rows = c.group.enumerated().map { i, p -> [String] in
                var cells = [ReportFormat.day(p.day), ReportFormat.number(p.value), ReportFormat.number(p.samples)]
                if let control = c.control {
                    let q = i < control.count ? control[i] : nil
                    cells += [ReportFormat.number(q?.value), ReportFormat.number(q?.samples)]
                } else if c.controlBackend != nil { cells += ["-", "-"] }
                return cells
            }
            out.append(table(header, rows))
        }

        out.append("## Scope and coverage")
        for table in r.coverage {
            out.append("### By \(t(table.attribute))")
            out.append(Self.table([table.attribute] + ReportText.coverageHeader, table.rows.map { [$0.value, "\($0.fleet)", "\($0.cohort)", "\($0.tested)", "\($0.onTarget)"] }))
        }

        out.append("## Timeline")
        out.append(t(ReportText.verification(r.verification)))
        out.append(r.timeline.isEmpty ? "No journal entry." : table(["seq", "at", "kind", "actor", "what", "reason"], r.timeline.map {
            ["\($0.seq)", ReportFormat.time($0.at) + ($0.simulated ? "*" : ""), $0.kind, $0.actor, $0.what, $0.reason ?? ""]
        }))
        if r.timeline.contains(where: \.simulated) { out.append("\\* decided on a simulated clock (`--now`).") }

        out.append("## Operating model")
        out.append(ReportText.operating(r.operating).map { "- \(t($0))" }.joined(separator: "\n"))
        return out.joined(separator: "\n\n") + "\n"
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var lines = ["| " + header.map(cell).joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: header.count)]
        lines += rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n")
    }

    /// A table cell: escaped text (a `|` cannot end the cell, a line break cannot end the row).
    static func cell(_ s: String) -> String {
        MarkdownEscape.inline(s)
    }
}
