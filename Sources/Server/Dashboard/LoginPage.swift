import Application
import Engine
import Foundation
import Hummingbird

extension Dashboard {
    /// The login form. A fresh random value goes both in a cookie and in the form (double submit), so a login cannot
    /// be forged from another site either.
    func loginForm(_ request: Request, problem: String?, status: HTTPResponse.Status = .ok) -> Response {
        let nonce = TokenNonce.make()
        let next = request.uri.queryParameters.get("next") ?? "/dashboard"
        var body = ""
        if let problem { body += "<div class=\"error\" role=\"alert\">\(HTML.e(problem))</div>" }
        body += """
        <p>Sign in with a token from <code>migrate token create</code>. The dashboard keeps it in an HttpOnly cookie for this browser session.</p>
        <form method="post" action="/dashboard/login">
        <input type="hidden" name="csrf" value="\(HTML.e(nonce))">
        <input type="hidden" name="next" value="\(HTML.e(next))">
        <label for="token">Token</label>
        <input type="password" id="token" name="token" autocomplete="current-password" required>
        <p><button type="submit">Sign in</button></p>
        </form>
        """
        return DashboardResponses.html(DashboardLayout.page("Sign in", session: nil, body), status: status,
                                       cookies: [DashboardSession.setCookie(DashboardSession.loginCookie, nonce, request: request, path: "/dashboard/login")])
    }

    /// Checks the token with the application; sets the session cookie and goes on to `next` (a dashboard path only).
    func login(_ request: Request) async throws -> Response {
        let form = try await DashboardForm.read(request)
        guard let sent = form["csrf"], let expected = request.cookies[DashboardSession.loginCookie]?.value,
              DashboardSession.constantTimeEqual(sent, expected) else {
            return loginForm(request, problem: CSRFError().description, status: .forbidden)
        }
        guard let secret = form["token"] else { return loginForm(request, problem: "the token is empty", status: .badRequest) }
        do {
            _ = try service.authenticate(bearer: secret, at: clock.now)
        } catch let error as UnauthenticatedError {
            return loginForm(request, problem: error.description, status: .unauthorized)
        }
        var next = form["next"] ?? "/dashboard"
        if !next.hasPrefix("/dashboard") || next.hasPrefix("//") || next.contains("\\") { next = "/dashboard" }
        return DashboardResponses.redirect(next, cookies: [
            DashboardSession.setCookie(DashboardSession.cookie, secret, request: request),
            DashboardSession.setCookie(DashboardSession.loginCookie, "", request: request, path: "/dashboard/login", maxAge: 0),
        ])
    }
}

/// A random value for the login form's double submit.
enum TokenNonce {
    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", g.next() as UInt64) }.joined()
    }
}
