import Application
import Engine
import Foundation
import Gates
import Hummingbird
import Playbook
import Report

/// The cohort commands the dashboard offers. Each has a confirm page that says what will happen (the application's
/// dry run) and asks for a reason; the POST runs the same use case as the API and the command line.
enum ActionKind: String, CaseIterable {
    case advance, pause, resume, rollback, confirm, approve

    static let operated: [ActionKind] = [.advance, .pause, .resume, .rollback, .confirm]

    var title: String {
        switch self {
        case .advance: "Advance"
        case .pause: "Pause"
        case .resume: "Resume"
        case .rollback: "Roll back"
        case .confirm: "Confirm the manual step"
        case .approve: "Approve"
        }
    }

    /// Whether to offer the button in this status (the service still decides when it is pressed).
    func applies(to s: CohortStatusView) -> Bool {
        switch self {
        case .advance, .pause: s.status == "active"
        case .resume: s.status == "paused"
        case .rollback: s.status == "active" || s.status == "paused"
        case .confirm: s.plan?.state == "waiting-for-confirmation"
        case .approve: s.status == "active"
        }
    }
}

struct ActionPages {
    var session: DashboardSession
    var cohort: String

    var base: String { "/dashboard/cohorts/\(HTML.segment(cohort))" }

    func action(_ name: String) throws -> ActionKind {
        guard let a = ActionKind(rawValue: name) else {
            throw MigrateError(.notFound, "no dashboard action '\(name)'; there are \(ActionKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return a
    }

    func required(_ a: ActionKind, role: String?) throws -> Action {
        if a == .approve {
            guard let role else { throw MigrateError.invalid("approve needs the approval role (role=...)") }
            return .approve(role)
        }
        return .operate
    }

    /// The confirm page: what will happen, then a form asking for the reason.
    func confirm(_ name: String, request: Request) async throws -> Response {
        let a = try action(name)
        let role = request.uri.queryParameters.get("role")
        try session.caller.require(try required(a, role: role))
        let c = session.caller
        var body = "<p>\(HTML.link(base, "← Cohort \(cohort)"))</p>"
        var allowed = true
        switch a {
        case .advance:
            let p = try await c.service.previewAdvance(cohort, as: c.invocation)
            body += "<section aria-labelledby=\"what\"><h2 id=\"what\">What will happen</h2>"
            body += "<p>\(HTML.e(cohort)) leaves phase <strong>\(HTML.e(p.phase))</strong> for <strong>\(HTML.e(p.next ?? "completion"))</strong>: "
            body += "\(p.moving.count) charger(s) move to the new platform, \(p.held.count) held back by the preflight, \(p.onTarget) already there.</p>"
            if !p.held.isEmpty {
                body += HTML.table("Held back", ["Charger", "Why"], p.held.prefix(50).map { [HTML.e($0.charger), HTML.e($0.reasons.joined(separator: "; "))] })
            }
            body += "<p>Gates: \(HTML.verdict(p.report.result.rawValue))</p></section>"
            if let refusal = p.refusal {
                allowed = false
                body += "<div class=\"error\" role=\"alert\" id=\"refusal\"><strong>Advance is not possible now:</strong> \(HTML.e(refusal.description))"
                let open = p.report.gates.filter { $0.result != .pass }
                if !open.isEmpty { body += "<ul>" + open.map { "<li>\(HTML.e($0.name)): \(HTML.verdict($0.result.rawValue)) — \(HTML.e($0.detail))</li>" }.joined() + "</ul>" }
                body += "</div>"
            }
            body += form(a, allowed: allowed, extra: "<input type=\"hidden\" name=\"expect_phase\" value=\"\(HTML.e(p.phase))\">")
        case .pause, .rollback:
            let p = try c.service.preview(a == .pause ? .pause : .rollback, of: cohort, reason: "dashboard preview", as: c.invocation)
            body += "<section aria-labelledby=\"what\"><h2 id=\"what\">What will happen (dry run)</h2>"
            body += "<p>The \(HTML.e(p.kind.rawValue)) plan of \(HTML.e(cohort)) (\(p.chargers) chargers, phase \(HTML.e(p.phase))) runs these steps:</p><ol>"
            for s in PlanPreviewView(p).steps {
                var line = HTML.e(s.description) + " — " + HTML.e(s.effect)
                if let b = s.backend { line += " to \(HTML.e(b))" }
                if let ch = s.chargers { line += " (\(ch.count) charger(s))" }
                if let d = s.detail { line += ": \(HTML.e(d))" }
                body += "<li>\(line)</li>"
            }
            body += "</ol>"
            if !p.routedBackAtEnd.isEmpty { body += "<p>At the end \(p.routedBackAtEnd.count) charger(s) are routed back to \(HTML.e(p.from)).</p>" }
            body += "</section>" + form(a, allowed: true)
        case .resume, .confirm:
            body += "<p>\(a == .resume ? "The cohort resumes; its gates are evaluated again on the next pass." : "The plan's manual step is confirmed done; the plan goes on.")</p>"
            body += form(a, allowed: true)
        case .approve:
            body += "<p>You approve phase of \(HTML.e(cohort)) in the approval role <strong>\(HTML.e(role ?? ""))</strong>; the journal records you, \(HTML.e(session.principal.person)).</p>"
            body += form(a, allowed: true, extra: "<input type=\"hidden\" name=\"role\" value=\"\(HTML.e(role ?? ""))\">")
        }
        return DashboardResponses.html(DashboardLayout.page("\(a.title): \(cohort)", session: session, body))
    }

    func form(_ a: ActionKind, allowed: Bool, extra: String = "") -> String {
        let field = a == .confirm || a == .approve ? "note" : "reason"
        var out = "<form method=\"post\" action=\"\(HTML.e(base))/actions/\(a.rawValue)\">\(HTML.csrf(session.csrf))\(extra)"
        out += "<label for=\"\(field)\">\(field == "note" ? "Note" : "Reason") (the journal keeps it)</label>"
        out += "<textarea id=\"\(field)\" name=\"\(field)\" rows=\"2\" required\(allowed ? "" : " disabled")></textarea>"
        out += "<div class=\"actions\"><button type=\"submit\"\(allowed ? "" : " disabled aria-describedby=\"refusal\"")>\(HTML.e(a.title))</button>"
        out += HTML.link(base, "Cancel") + "</div></form>"
        return out
    }

    /// Runs the command as the session's person; a refusal is an error page with the state machine's reason.
    func perform(_ name: String, form: DashboardForm) async throws -> Response {
        let a = try action(name)
        try session.caller.require(try required(a, role: form["role"]))
        let c = session.caller
        func reason() throws -> String {
            guard let r = form["reason"] else { throw MigrateError.invalid("a reason is required: say why in the form's Reason field") }
            return r
        }
        let result: TransitionResult?
        switch a {
        case .advance: result = try await c.service.advance(cohort, reason: try reason(), expectPhase: form["expect_phase"], as: c.invocation)
        case .pause: result = try await c.service.pause(cohort, reason: try reason(), as: c.invocation)
        case .resume: result = try await c.service.resume(cohort, reason: try reason(), as: c.invocation)
        case .rollback: result = try await c.service.rollback(cohort, reason: try reason(), as: c.invocation)
        case .confirm: result = try await c.service.confirm(cohort, note: form["note"], as: c.invocation)
        case .approve:
            _ = try c.service.approve(cohort, role: form["role"] ?? "", note: form["note"], as: c.invocation)
            result = nil
        }
        if let result, let refusal = result.refusal { throw refusal }
        return DashboardResponses.redirect(base)
    }
}

/// Adding and closing issues from the cohort page.
struct IssueActions {
    var session: DashboardSession

    func add(_ form: DashboardForm) throws -> Response {
        try session.caller.require(.operate)
        let c = session.caller
        guard let title = form["title"] else { throw MigrateError.invalid("title must say what is wrong; it is empty") }
        let text = form["severity"] ?? "medium"
        guard let severity = Severity(rawValue: text) else { throw MigrateError.invalid("severity '\(text)' is not one of critical, high, medium, low") }
        let record = IssueRecord(id: "", title: title, severity: severity, cohort: form["cohort"], openedAt: c.invocation.now, openedBy: c.invocation.actor)
        _ = try c.service.addIssue(record, as: c.invocation)
        return DashboardResponses.redirect(form["cohort"].map { "/dashboard/cohorts/\(HTML.segment($0))#issues" } ?? "/dashboard")
    }

    func close(_ id: String, form: DashboardForm) throws -> Response {
        try session.caller.require(.operate)
        let c = session.caller
        _ = try c.service.closeIssue(id, note: form["note"], as: c.invocation)
        let back = form["back"].flatMap { $0.hasPrefix("/dashboard/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/dashboard"
        return DashboardResponses.redirect(back + "#issues")
    }
}
