import Application
import Engine
import Foundation
import Hummingbird

/// The dashboard's answers: pages, redirects, and errors as pages. An error's kind becomes a status through
/// `ProblemMapping` (the one mapping the API uses too); its message is the typed error's own.
enum DashboardResponses {
    static func html(_ text: String, status: HTTPResponse.Status = .ok, cookies: [String] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Content-Security-Policy")!] = "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
        for c in cookies { headers.append(.init(name: .setCookie, value: c)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303 See Other: after a POST, or to the login form.
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        for c in cookies { headers.append(.init(name: .setCookie, value: c)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// An error as a page: not signed in → the login form; a kinded error → its status and message; anything else → 500.
    static func error(_ error: any Error, session: DashboardSession?, request: Request) -> Response {
        if error is UnauthenticatedError, session == nil, request.method == .get {
            return redirect("/dashboard/login?next=\(HTML.query(request.uri.path))")
        }
        let kind: ErrorKind, message: String
        if let refusal = error as? RefusedTransition {
            kind = .refused; message = refusal.refusal.description
        } else if let kinded = error as? any KindedError {
            kind = kinded.kind; message = kinded.description
        } else if let http = error as? any HTTPResponseError {
            return html(DashboardLayout.page("Error", session: session, "<div class=\"error\" role=\"alert\">\(HTML.e("\(http.status.code) \(http.status.reasonPhrase)"))</div>"),
                        status: http.status)
        } else {
            return html(DashboardLayout.page("Error", session: session, "<div class=\"error\" role=\"alert\">The server failed unexpectedly; its log says more.</div>"),
                        status: .internalServerError)
        }
        let title = ProblemMapping.title(for: kind)
        var body = "<div class=\"error\" role=\"alert\"><strong>\(HTML.e(title)):</strong> \(HTML.e(message))</div>"
        if kind == .unauthenticated { body += "<p>\(HTML.link("/dashboard/login", "Sign in"))</p>" }
        body += "<p>\(HTML.link("/dashboard", "Back to the overview"))</p>"
        return html(DashboardLayout.page(title, session: session, body), status: ProblemMapping.status(for: kind))
    }
}
