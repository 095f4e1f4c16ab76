import Foundation
import Gates

/// The sections of the HTML report, in order.
enum HTMLSections {
    static func e(_ s: String) -> String { HTMLEscape.text(s) }

    static func gates(_ r: CheckpointReport) -> String {
        var out = "<section>\n<h2>Gates</h2>\n"
        guard !r.gates.isEmpty else { return out + HTML.paragraph("No gate was ever evaluated.") + "</section>\n" }
        out += HTML.paragraph("Every gate of each phase passed, with the evidence recorded when it was left (entry #), then the gates of \(r.phase) evaluated now.", cls: "muted")
        // Columns as in Markdown, but the evaluation time and the entry go on each phase's heading row, so the
        // table fits a page: every gate under a heading was evaluated at that time, in that entry.
        let header = ["gate", "criterion", "value", "threshold", "samples", "window (UTC)", "result"]
        var rows: [[String]] = [], phaseRows: Set<Int> = []
        var last: String?
        for row in r.gates {
            let key = row.phase + (row.seq.map { "#\($0)" } ?? "now")
            if key != last {
                phaseRows.insert(rows.count)
                let label = row.seq.map { "\(row.phase): passed, evidence of journal entry #\($0), evaluated \(ReportFormat.time(row.evaluatedAt))" }
                    ?? "\(row.phase): evaluated now, \(ReportFormat.time(row.evaluatedAt))"
                rows.append(["<span>\(e(label))</span>"])
                last = key
            }
            var cells = Array(ReportText.gateCells(row).dropFirst().prefix(header.count)).map(e)
            cells[6] = HTML.verdict(row.evidence.result)
            if let w = row.evidence.window {
                cells[5] = "<span class=\"nowrap\">\(e(utc(w.start))) –</span><br><span class=\"nowrap\">\(e(utc(w.end)))</span>"
            }
            rows.append(cells)
            for (segment, s) in zip(ReportText.segmentCells(row), row.evidence.segments ?? []) {
                var cells = Array(segment.dropFirst().prefix(header.count)).map(e)
                cells[6] = HTML.verdict(s.result)
                rows.append(cells)
            }
        }
        out += HTML.table(header, rows, classes: [nil, "criterion", "num", "num", "num", "time", nil],
                          rowClass: { phaseRows.contains($0) ? "phase-row" : nil }, colspan: { phaseRows.contains($0) ? header.count : nil })
        return out + "</section>\n"
    }

    /// `2026-11-09 09:00:00`: the ISO time without its T and Z, for a column headed UTC.
    static func utc(_ date: Date) -> String {
        ReportFormat.time(date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
    }

    static func questions(_ r: CheckpointReport) -> String {
        let a = r.answers
        var out = "<section>\n<h2>The checkpoint questions</h2>\n"
        out += "<h3>\(e(ReportText.questions[0]))</h3>\n" + ReportText.criteria(a.criteria).map { HTML.paragraph($0) }.joined()
        out += "<h3>\(e(ReportText.questions[1]))</h3>\n"
        if a.openIssues.isEmpty {
            out += HTML.paragraph("No open issue names this cohort or the whole fleet.")
        } else {
            out += HTML.table(ReportText.issueHeader, a.openIssues.map { i in
                var cells = ReportText.issueCells(i).map(e)
                if i.scope == nil { cells[2] = "<span class=\"flag\">UNCLASSIFIED</span>" }
                if let url = i.url { cells[6] += " <span class=\"muted\">(\(e(url)))</span>" }
                return cells
            }, classes: [nil, nil, nil, nil, "num", nil, nil])
        }
        out += "<h3>\(e(ReportText.questions[2]))</h3>\n" + HTML.paragraph(ReportText.scopes(a))
        let segments = ReportText.segments(a, from: r.from)
        if !segments.isEmpty { out += HTML.list(segments) }
        out += "<h3>\(e(ReportText.questions[3]))</h3>\n"
        out += a.risks.isEmpty ? HTML.paragraph("No risk found in the data.") : HTML.list(a.risks)
        out += "<h3>\(e(ReportText.questions[4]))</h3>\n"
        for plan in a.plans {
            out += "<p><strong>\(e(plan.name))</strong>" + (plan.steps.isEmpty ? " <span class=\"muted\">(no steps)</span></p>\n" : "</p>\n")
            if !plan.steps.isEmpty { out += "<ol class=\"steps\">" + plan.steps.map { "<li>\(e($0))</li>" }.joined() + "</ol>\n" }
        }
        out += HTML.paragraph(ReportText.rollback(a.rollbacks))
        return out + "</section>\n"
    }

    static func charts(_ r: CheckpointReport) -> String {
        var out = "<section>\n<h2>Metrics by day</h2>\n"
        if r.charts.isEmpty { return out + HTML.paragraph("Phase \(r.phase) has no metric gates, so there is nothing to chart.") + "</section>\n" }
        out += "<div class=\"charts\">\n"
        for c in r.charts {
            out += "<figure><figcaption>\(e(ReportText.chartCaption(c)))</figcaption>\n"
            if let note = c.note {
                out += HTML.paragraph("No data: \(note).", cls: "muted")
            } else {
                out += SVGChart.render(c) + "\n"
                out += "<div class=\"legend\"><span class=\"key group\"></span>\(e(r.cohort))" + (c.groupNote == nil ? " on \(e(r.to))" : "")
                if let b = c.controlBackend { out += "<span class=\"key control\"></span>fleet on \(e(b))" }
                out += "<span class=\"key threshold\"></span>threshold (shaded: failing side) · \(e(ReportFormat.day(c.window.start))) to \(e(ReportFormat.day(c.window.end)))</div>\n"
                if let empty = ReportText.groupEmpty(c, cohort: r.cohort, to: r.to) { out += HTML.paragraph(empty, cls: "muted") }
            }
            out += "</figure>\n"
        }
        return out + "</div>\n</section>\n"
    }

    static func coverage(_ r: CheckpointReport) -> String {
        var out = "<section>\n<h2>Scope and coverage</h2>\n"
        out += HTML.paragraph("Chargers of the fleet against the cohort; red rows: values of the fleet no charger of the cohort was ever on \(r.to) with.", cls: "muted")
        out += "<div class=\"coverage\">\n"
        for t in r.coverage {
            let most = max(1, t.rows.map(\.fleet).max() ?? 1)
            let gaps = Set(t.gaps.map(\.value))
            out += "<div><h3>By \(e(t.attribute))</h3>\n"
            out += HTML.table([t.attribute] + ReportText.coverageHeader + [""], t.rows.map { row in
                [e(row.value), "\(row.fleet)", "\(row.cohort)", "\(row.tested)", "\(row.onTarget)",
                 bar(row, of: most)]
            }, classes: [nil, "num", "num", "num", "num", nil], rowClass: { t.attribute != "backend" && gaps.contains(t.rows[$0].value) ? "gap" : nil })
            out += "</div>\n"
        }
        return out + "</div>\n</section>\n"
    }

    /// A grey bar as long as the fleet's count, filled blue for the share the cohort ever had on target.
    static func bar(_ row: CoverageRow, of most: Int) -> String {
        let width = Int((80.0 * Double(row.fleet) / Double(most)).rounded())
        let filled = row.fleet == 0 ? 0 : Int((100.0 * Double(row.tested) / Double(row.fleet)).rounded())
        return "<span class=\"bar fleet\" style=\"width:\(width)px\"><span class=\"bar\" style=\"width:\(filled)%\"></span></span>"
    }

    static func timeline(_ r: CheckpointReport) -> String {
        var out = "<section>\n<h2>Timeline</h2>\n"
        out += "<p class=\"verify \(r.verification.ok ? "ok" : "bad")\">\(e(ReportText.verification(r.verification)))</p>\n"
        guard !r.timeline.isEmpty else { return out + HTML.paragraph("No journal entry.") + "</section>\n" }
        out += HTML.table(["seq", "at", "kind", "actor", "what", "reason"], r.timeline.map { t in
            ["\(t.seq)", e(ReportFormat.time(t.at) + (t.simulated ? "*" : "")),
             t.kind == "blocked" || t.kind == "step-failed" ? "<span class=\"flag\">\(e(t.kind))</span>" : e(t.kind),
             e(t.actor), e(t.what), e(t.reason ?? "")]
        }, classes: ["num", "time", "kind", nil, nil, nil])
        if r.timeline.contains(where: \.simulated) { out += HTML.paragraph("* decided on a simulated clock (--now).", cls: "muted") }
        return out + "</section>\n"
    }

    static func operating(_ r: CheckpointReport) -> String {
        "<section>\n<h2>Operating model</h2>\n" + HTML.list(ReportText.operating(r.operating)) + "</section>\n"
    }
}
