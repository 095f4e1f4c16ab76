import Application
import Engine
import Foundation
import Hummingbird

/// A signed-in dashboard visitor: the token secret travels in an `HttpOnly`, `SameSite=Strict` cookie (`Secure`
/// when the request came over TLS, as a TLS-terminating proxy says with `X-Forwarded-Proto: https`), and is checked
/// by the application on every request exactly as the API's bearer token is. Every form carries `csrf`, derived from
/// the secret (`SessionCSRF`); every POST checks it before anything else.
struct DashboardSession {
    static let cookie = "migrate_session"
    static let loginCookie = "migrate_login_csrf"

    var principal: Principal
    var caller: Caller
    var csrf: String

    /// The session of `request`, or unauthenticated (the caller is sent to the login form).
    static func of(_ request: Request, context: ServerContext, service: MigrationService, clock: Invocation,
                   route: String, throttle: AccessDenialThrottle) throws -> DashboardSession {
        guard let secret = request.cookies[cookie]?.value, !secret.isEmpty else {
            throw UnauthenticatedError("not signed in")
        }
        let principal = try service.authenticate(bearer: secret, at: clock.now)
        let caller = Caller(principal: principal, service: service, invocation: principal.invocation(clock),
                            request: "\(request.method.rawValue) \(request.uri.path)", cohort: context.parameters.get("cohort"),
                            route: route, throttle: throttle)
        return DashboardSession(principal: principal, caller: caller, csrf: SessionCSRF.token(for: secret))
    }

    /// Refuses a form whose `csrf` field is not this session's token (403, nothing done).
    func check(_ form: DashboardForm) throws {
        guard let sent = form["csrf"], Self.constantTimeEqual(sent, csrf) else { throw CSRFError() }
    }

    /// Whether the role allows `action` (to show a button or not; the POST asks the service again).
    func may(_ action: Action) -> Bool { principal.role.allows(action, approves: principal.approves) }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// `Set-Cookie` for the session (empty value and Max-Age=0 to end it).
    static func setCookie(_ name: String, _ value: String, request: Request, path: String = "/dashboard", maxAge: Int? = nil) -> String {
        var parts = ["\(name)=\(value)", "Path=\(path)", "HttpOnly", "SameSite=Strict"]
        if isTLS(request) { parts.append("Secure") }
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        return parts.joined(separator: "; ")
    }

    /// Whether the browser reached us over TLS (through a proxy that terminates it and says so).
    static func isTLS(_ request: Request) -> Bool {
        request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}

/// A form posted without this session's CSRF token: forbidden, and nothing is done.
struct CSRFError: KindedError {
    var kind: ErrorKind { .forbidden }
    var description: String { "the form's CSRF token is missing or not this session's; reload the page and try again" }
}
