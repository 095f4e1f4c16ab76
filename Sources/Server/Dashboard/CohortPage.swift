import Application
import Engine
import Foundation
import Gates
import Hummingbird
import Playbook
import Report

/// One cohort: status and plan, the current phase's gates with their evidence (as `migrate gates` prints them), the
/// report's daily charts, the actions the visitor's role allows, the chargers (searchable, 100 a page), the cohort's
/// issues and the timeline from the journal; the checkpoint report one click away.
struct CohortPage {
    var session: DashboardSession
    var cohort: String
    var query: String
    var page: Int

    static let pageSize = 100

    func response() async throws -> Response {
        let c = session.caller
        // One read of everything but the routes listed (one gate evaluation): the status, gates, charts and issues agree.
        let input = try await c.service.reportInput(of: cohort, as: c.invocation)
        let report = CheckpointReport.assemble(input)
        let active = input.snapshot.cohort.status == .active
        let status = CohortStatusView(input.snapshot, report: active ? input.gates : nil)
        let base = "/dashboard/cohorts/\(HTML.segment(cohort))"
        var body = "<p class=\"subtitle\">Playbook \(HTML.e(status.playbook)) · \(HTML.e(report.from)) → \(HTML.e(report.to)) · "
        body += HTML.link("\(base)/report", "Checkpoint report (HTML)") + "</p>"
        body += facts(status)
        body += plan(input.snapshot)
        body += actions(status, base: base)
        if active { body += gates(input.gates) }
        body += ReportFragments.charts(report)
        body += chargers(try c.service.routes(of: cohort), base: base)
        body += issues(input.issues.filter { $0.cohort == cohort || $0.cohort == nil }.sorted { ($0.isOpen ? 0 : 1, $0.severity) < ($1.isOpen ? 0 : 1, $1.severity) })
        body += timeline(report.timeline)
        return DashboardResponses.html(DashboardLayout.page("Cohort \(cohort)", session: session, head: try c.service.journalHead(), body))
    }

    func facts(_ s: CohortStatusView) -> String {
        var out = "<section aria-labelledby=\"state\"><h2 id=\"state\">State</h2><dl class=\"facts\">"
        out += "<dt>Phase</dt><dd>\(HTML.e(s.phase)) (\(s.phaseIndex + 1)/\(s.phases)), entered \(HTML.e(ReportFormat.time(s.enteredAt)))</dd>"
        out += "<dt>Status</dt><dd>\(HTML.e(s.status))</dd>"
        out += "<dt>Chargers</dt><dd>\(s.chargers): " + s.routes.sorted { $0.key < $1.key }.map { "\(HTML.e($0.key)) \($0.value)" }.joined(separator: ", ") + "</dd>"
        if let g = s.gates { out += "<dt>Gates</dt><dd>\(HTML.verdict(g.result)) · \(g.pass) pass, \(g.fail) fail, \(g.pending) pending</dd>" }
        out += "<dt>Plan</dt><dd>\(HTML.e(s.plan?.summary ?? "none under way"))</dd>"
        if !s.quarantined.isEmpty { out += "<dt>Quarantined</dt><dd>\(s.quarantined.count) segment(s)</dd>" }
        return out + "</dl></section>"
    }

    /// The plan under way, every step with where it stands (done, now, to come).
    func plan(_ snapshot: CohortSnapshot) -> String {
        guard let state = snapshot.machine.planState else { return "" }
        let run = state.run
        var out = "<section aria-labelledby=\"plan\"><h2 id=\"plan\">Plan: \(HTML.e(run.kind.rawValue)) (\(HTML.e(state.state.rawValue)))</h2><ol>"
        for (i, step) in snapshot.machine.steps(of: run).enumerated() {
            let where_ = i < run.next ? "done" : i == run.next ? "now" : "to come"
            out += "<li>\(HTML.e(CohortMachine.describe(step))) — <strong>\(where_)</strong></li>"
        }
        if let failure = run.failure { out += "</ol><p class=\"error\">\(HTML.e(failure))</p>" } else { out += "</ol>" }
        return out + "</section>"
    }

    /// Buttons to the confirm pages of the actions this role allows; none for a viewer.
    func actions(_ s: CohortStatusView, base: String) -> String {
        var links: [String] = []
        if session.may(.operate) {
            for a in ActionKind.operated where a.applies(to: s) {
                links.append("<a class=\"button\(a == .rollback ? " secondary" : "")\" href=\"\(HTML.e(base))/actions/\(a.rawValue)\">\(HTML.e(a.title))</a>")
            }
        }
        for role in session.principal.approves where session.may(.approve(role)) && s.status == "active" {
            links.append("<a class=\"button\" href=\"\(HTML.e(base))/actions/approve?role=\(HTML.query(role))\">\(HTML.e("Approve as \(role)"))</a>")
        }
        guard !links.isEmpty else { return "" }
        return "<section aria-labelledby=\"act\"><h2 id=\"act\">Actions</h2><div class=\"actions\">" + links.joined() + "</div></section>"
    }

    func gates(_ r: GateReport) -> String {
        let rows = r.gates.map { g -> [String] in
            var control = "-"
            if let c = g.control {
                control = "\(HTML.e(c.backend)): \(HTML.e(ReportFormat.number(c.value)))"
                if let d = c.drop { control += ", drop \(HTML.e(ReportFormat.number(d)))" + (c.maxDrop.map { " (max \(HTML.e(ReportFormat.number($0))))" } ?? "") }
            }
            return [HTML.e(g.name), HTML.verdict(g.result.rawValue), HTML.e(ReportFormat.value(g)), HTML.e(ReportFormat.threshold(g)),
                    HTML.e(ReportFormat.number(g.samples)), HTML.e(ReportFormat.window(g.window)), control, HTML.e(g.detail)]
        }
        return "<section aria-labelledby=\"gates\"><h2 id=\"gates\">Gates of phase \(HTML.e(r.phase)): \(HTML.verdict(r.result.rawValue))</h2>"
            + HTML.table("Evaluated \(ReportFormat.time(r.evaluatedAt))", ["Gate", "Result", "Value", "Threshold", "Samples", "Window", "Legacy comparison", "Detail"], rows)
            + "</section>"
    }

    /// The cohort's chargers with backend and since when: filtered by `q` (part of the id or the backend), 100 a page.
    func chargers(_ routes: [Route], base: String) -> String {
        let q = query.lowercased()
        let matching = q.isEmpty ? routes : routes.filter { $0.charger.lowercased().contains(q) || $0.backend.lowercased() == q }
        let pages = max(1, (matching.count + Self.pageSize - 1) / Self.pageSize)
        let current = min(max(1, page), pages)
        let shown = matching.dropFirst((current - 1) * Self.pageSize).prefix(Self.pageSize)
        var out = "<section aria-labelledby=\"chargers\"><h2 id=\"chargers\">Chargers</h2>"
        out += "<form method=\"get\" action=\"\(HTML.e(base))#chargers\" role=\"search\"><label for=\"q\">Search chargers (part of the id, or a backend)</label>"
        out += "<input type=\"search\" id=\"q\" name=\"q\" value=\"\(HTML.e(query))\"> <button type=\"submit\">Search</button></form>"
        let rows = shown.map { r in
            [HTML.link("/dashboard/chargers/\(HTML.segment(r.charger))", r.charger), HTML.e(r.backend), HTML.e(ReportFormat.time(r.since))]
        }
        out += HTML.table("\(matching.count) of \(routes.count) chargers; page \(current) of \(pages)", ["Charger", "Backend", "Since"], rows)
        func pageLink(_ p: Int, _ text: String) -> String {
            HTML.link("\(base)?q=\(HTML.query(query))&page=\(p)#chargers", text)
        }
        out += "<nav class=\"pager\" aria-label=\"Charger pages\">"
        if current > 1 { out += pageLink(current - 1, "← Previous") }
        out += "<span>Page \(current) of \(pages)</span>"
        if current < pages { out += pageLink(current + 1, "Next →") }
        return out + "</nav></section>"
    }

    func issues(_ list: [IssueRecord]) -> String {
        let rows = list.map { i -> [String] in
            var close = ""
            if i.isOpen && session.may(.operate) {
                close = "<form method=\"post\" action=\"/dashboard/issues/\(HTML.e(HTML.segment(i.id)))/close\">\(HTML.csrf(session.csrf))"
                close += "<input type=\"hidden\" name=\"back\" value=\"/dashboard/cohorts/\(HTML.e(HTML.segment(cohort)))\">"
                close += "<label for=\"note-\(HTML.e(i.id))\">Note</label><input type=\"text\" id=\"note-\(HTML.e(i.id))\" name=\"note\" required>"
                close += "<button type=\"submit\">Close \(HTML.e(i.id))</button></form>"
            }
            return [HTML.e(i.id), HTML.e(i.severity.rawValue), HTML.e(i.title), HTML.e(i.isOpen ? "open" : "closed"), HTML.e(i.cohort ?? "all"), close]
        }
        var out = "<section aria-labelledby=\"issues\"><h2 id=\"issues\">Issues</h2>"
        out += HTML.table("Issues of this cohort and fleet-wide", ["Id", "Severity", "Title", "State", "Cohort", ""], rows)
        if session.may(.operate) {
            out += "<form method=\"post\" action=\"/dashboard/issues\">\(HTML.csrf(session.csrf))"
            out += "<input type=\"hidden\" name=\"cohort\" value=\"\(HTML.e(cohort))\"><h3>Add an issue</h3>"
            out += "<label for=\"issue-title\">Title</label><input type=\"text\" id=\"issue-title\" name=\"title\" required>"
            out += "<label for=\"issue-severity\">Severity</label><select id=\"issue-severity\" name=\"severity\">"
            out += Severity.allCases.map { "<option value=\"\($0.rawValue)\"\($0 == .medium ? " selected" : "")>\($0.rawValue)</option>" }.joined()
            out += "</select><p><button type=\"submit\">Add issue</button></p></form>"
        }
        return out + "</section>"
    }

    func timeline(_ rows: [TimelineRow]) -> String {
        let cells = rows.reversed().prefix(200).map { t in
            [HTML.e(String(t.seq)), HTML.e(ReportFormat.time(t.at)), HTML.e(t.kind), HTML.e(t.actor), HTML.e(t.what), HTML.e(t.reason ?? "")]
        }
        return "<section aria-labelledby=\"timeline\"><h2 id=\"timeline\">Timeline</h2>"
            + HTML.table("The journal, newest first (at most 200 entries)", ["#", "At", "Kind", "Who", "What", "Reason"], Array(cells)) + "</section>"
    }
}
