import Application
import Engine
import Foundation
import Gates
import Hummingbird
import Playbook
import Report

/// The fleet overview: every cohort (phase, status, gates at a glance with the failing gate named, chargers per
/// backend, the plan), the open critical/high issues, the fleet's split legacy/new, and the watch loop's last pass.
/// The numbers are `migrate status --json`'s: the same use case.
struct OverviewPage {
    var session: DashboardSession
    var counters: ServerCounters

    func response() async throws -> Response {
        let c = session.caller
        let statuses = try await c.service.statuses(as: c.invocation)
        var body = split(try c.service.fleetSplit())
        body += watch()
        body += "<section aria-labelledby=\"cohorts\"><h2 id=\"cohorts\">Cohorts</h2><div class=\"cards\">"
        if statuses.isEmpty { body += "<p class=\"muted\">No cohorts yet (<code>migrate cohort create</code>).</p>" }
        for s in statuses { body += card(s) }
        body += "</div></section>"
        body += issues(try c.service.issues(openOnly: true).filter { $0.severity <= .high })
        return DashboardResponses.html(DashboardLayout.page("Fleet overview", session: session, head: try c.service.journalHead(), body))
    }

    /// The whole fleet legacy/new, as the application counts it.
    func split(_ f: FleetSplit) -> String {
        let pct = f.total == 0 ? 0 : Double(f.onNew) / Double(f.total) * 100
        return """
        <section aria-labelledby="split"><h2 id="split">Fleet: legacy and new</h2>
        <div class="split" role="img" aria-label="\(f.onNew) of \(f.total) chargers on the new platform">
        <span class="new" style="width: \(String(format: "%.2f", pct))%"></span><span class="legacy" style="width: \(String(format: "%.2f", 100 - pct))%"></span></div>
        <p><strong>\(f.onNew)</strong> on the new platform (\(HTML.e(f.newBackends.joined(separator: ", ")))), <strong>\(f.legacy)</strong> on legacy, of \(f.total) chargers (\(String(format: "%.1f", pct))% moved).</p>
        </section>
        """
    }

    /// The watch loop's last pass on this server: when, what it found and what it did for each cohort (the same
    /// record as `GET /api/watch`).
    func watch() -> String {
        var out = "<section aria-labelledby=\"watch\" id=\"watch-pass\"><h2 id=\"watch\">Last evaluation</h2>"
        guard let pass = counters.lastWatchPass else {
            return out + "<p class=\"muted\">No watch pass has run on this server yet.</p></section>"
        }
        let passes = counters.snapshot.passes.sorted { $0.key < $1.key }
            .map { "\($0.key.replacingOccurrences(of: "outcome=", with: "").replacingOccurrences(of: "\"", with: "")) \($0.value)" }
        out += "<p data-outcome=\"\(HTML.e(pass.outcome))\">Last pass <time datetime=\"\(ISOTime.format(pass.endedAt))\">"
            + HTML.e(ReportFormat.time(pass.endedAt)) + "</time>: "
        switch pass.outcome {
        case "standby": out += "standing by (another server holds the evaluator lease and evaluates)."
        case "failed": out += "<strong>the pass failed</strong>: " + HTML.e(pass.error ?? "")
        default:
            out += (pass.cohorts.isEmpty ? "no active cohort to evaluate, " : "\(pass.cohorts.count) cohort\(pass.cohorts.count == 1 ? "" : "s") evaluated, ")
                + "\(pass.alerts) alert\(pass.alerts == 1 ? "" : "s") due."
        }
        out += " <span class=\"muted\">(passes on this server: \(HTML.e(passes.joined(separator: ", "))))</span></p>"
        if !pass.cohorts.isEmpty { out += table("What the last evaluation found and did", pass) }
        if let change = counters.lastWatchChange, change != pass {
            out += "<h3>Last change</h3><p>The last pass that changed something ran <time datetime=\"\(ISOTime.format(change.endedAt))\">"
                + HTML.e(ReportFormat.time(change.endedAt)) + "</time>.</p>" + table("What the last pass that changed something did", change)
        }
        return out + "</section>"
    }

    func table(_ caption: String, _ pass: WatchPassView) -> String {
        let rows = pass.cohorts.map { c in
            [HTML.link("/dashboard/cohorts/\(HTML.segment(c.cohort))", c.cohort),
             "<strong>" + HTML.e(c.did) + "</strong>",
             HTML.e([c.phase, c.status].compactMap { $0 }.joined(separator: ", ")),
             c.gates.map { HTML.e($0) + (c.failing.isEmpty ? "" : " (failing: " + c.failing.map(HTML.e).joined(separator: "; ") + ")") } ?? "",
             HTML.e(c.detail ?? "")]
        }
        return HTML.table(caption, ["Cohort", "Did", "Phase, status", "Gates", "Detail"], rows)
    }

    func card(_ s: CohortStatusView) -> String {
        var out = "<article class=\"card\" aria-labelledby=\"c-\(HTML.e(s.cohort))\"><h2 id=\"c-\(HTML.e(s.cohort))\">"
        out += HTML.link("/dashboard/cohorts/\(HTML.segment(s.cohort))", s.cohort) + "</h2><dl class=\"facts\">"
        out += "<dt>Phase</dt><dd>\(HTML.e(s.phase)) (\(s.phaseIndex + 1)/\(s.phases))</dd>"
        out += "<dt>Status</dt><dd>\(HTML.e(s.status))</dd>"
        out += "<dt>Chargers</dt><dd>\(s.chargers): " + s.routes.sorted { $0.key < $1.key }.map { "\(HTML.e($0.key)) \($0.value)" }.joined(separator: ", ") + "</dd>"
        if let g = s.gates {
            out += "<dt>Gates</dt><dd>\(HTML.verdict(g.result)) · \(g.pass) pass, \(g.fail) fail, \(g.pending) pending"
            if !g.failing.isEmpty { out += "<br>failing: " + g.failing.map(HTML.e).joined(separator: "; ") }
            if !g.waitingOn.isEmpty { out += "<br>waiting on: " + g.waitingOn.map(HTML.e).joined(separator: "; ") }
            out += "</dd>"
        }
        if let p = s.plan { out += "<dt>Plan</dt><dd>\(HTML.e(p.summary))</dd>" }
        return out + "</dl></article>"
    }

    func issues(_ open: [IssueRecord]) -> String {
        let rows = open.map { i in
            [HTML.e(i.id), HTML.e(i.severity.rawValue), HTML.e(i.title), HTML.e(i.cohort ?? "all"), HTML.e(ReportFormat.time(i.openedAt))]
        }
        return "<section aria-labelledby=\"issues\"><h2 id=\"issues\">Open critical and high issues</h2>"
            + HTML.table("Open critical and high issues", ["Id", "Severity", "Title", "Cohort", "Opened"], rows) + "</section>"
    }
}
