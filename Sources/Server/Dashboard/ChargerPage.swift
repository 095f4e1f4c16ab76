import Application
import Engine
import Foundation
import Gates
import Hummingbird
import Playbook
import Report

/// One charger: where it is routed and since when, its route history, its samples of the last days, the issues
/// naming it.
struct ChargerPage {
    var session: DashboardSession
    var charger: String

    func response() throws -> Response {
        let c = session.caller
        let d = try c.service.chargerDetail(charger, as: c.invocation)
        var body = "<section aria-labelledby=\"now\"><h2 id=\"now\">Now</h2><dl class=\"facts\">"
        if let r = d.route {
            body += "<dt>Backend</dt><dd>\(HTML.e(r.backend)) since \(HTML.e(ReportFormat.time(r.since)))</dd>"
            body += "<dt>URL</dt><dd>\(HTML.e(r.url))</dd>"
            if let cohort = r.cohort { body += "<dt>Cohort</dt><dd>\(HTML.link("/dashboard/cohorts/\(HTML.segment(cohort))", cohort))</dd>" }
        } else {
            body += "<dt>Backend</dt><dd>not routed by any cohort (on legacy)</dd>"
        }
        for (k, v) in d.charger.attributes.sorted(by: { $0.key < $1.key }) { body += "<dt>\(HTML.e(k))</dt><dd>\(HTML.e(v))</dd>" }
        body += "</dl></section>"
        body += "<section aria-labelledby=\"moves\"><h2 id=\"moves\">Route history</h2>"
        body += HTML.table("Route changes from the journal", ["#", "At", "Backend", "Cohort", "Who", "Reason"], d.moves.map {
            [HTML.e(String($0.seq)), HTML.e(ReportFormat.time($0.at)), HTML.e($0.backend), HTML.e($0.cohort ?? ""), HTML.e($0.actor), HTML.e($0.reason ?? "")]
        }) + "</section>"
        let names = Set(d.kpis.flatMap { $0.sums.keys }).sorted()
        body += "<section aria-labelledby=\"kpis\"><h2 id=\"kpis\">Samples, last \(d.days) days</h2>"
        body += HTML.table("Daily sums (count) per sample name", ["Day"] + names, d.kpis.map { k in
            [HTML.e(ReportFormat.day(k.day))] + names.map { n in
                k.sums[n].map { HTML.e("\(ReportFormat.number($0)) (\(k.counts[n] ?? 0))") } ?? "-"
            }
        }) + "</section>"
        body += "<section aria-labelledby=\"issues\"><h2 id=\"issues\">Issues naming it</h2>"
        body += HTML.table("Issues whose title names \(charger)", ["Id", "Severity", "Title", "State"], d.issues.map {
            [HTML.e($0.id), HTML.e($0.severity.rawValue), HTML.e($0.title), HTML.e($0.isOpen ? "open" : "closed")]
        }) + "</section>"
        return DashboardResponses.html(DashboardLayout.page("Charger \(charger)", session: session, body))
    }
}
