import Application
import Engine
import Foundation
import Hummingbird
import Report

/// The migration dashboard: server-rendered pages under /dashboard on the same `MigrationService` and roles as the
/// API. Pages read through the application's use cases and post forms to the same commands; they decide nothing.
/// `ServerApplication.add(Dashboard(server).endpoints)` registers them.
public struct Dashboard: Sendable {
    let service: MigrationService
    let clock: Invocation
    let counters: ServerCounters

    public init(_ server: ServerApplication) {
        service = server.service
        clock = server.clock
        counters = server.counters
    }

    public var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/dashboard/login", .open) { request, _ in loginForm(request, problem: nil) },
            Endpoint(.post, "/dashboard/login", .open) { request, _ in try await login(request) },
            page(.post, "/dashboard/logout") { request, _, session in
                try session.check(try await DashboardForm.read(request))
                return DashboardResponses.redirect("/dashboard/login", cookies: [DashboardSession.setCookie(DashboardSession.cookie, "", request: request, maxAge: 0)])
            },
            page(.get, "/dashboard") { _, _, session in try await OverviewPage(session: session, counters: counters).response() },
            page(.get, "/dashboard/head") { _, _, _ in
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                headers[.cacheControl] = "no-store"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "{\"seq\":\(try service.journalHead())}")))
            },
            page(.get, "/dashboard/cohorts/{cohort}") { request, context, session in
                try await CohortPage(session: session, cohort: try context.parameter("cohort"), query: request.uri.queryParameters.get("q") ?? "",
                                     page: Int(request.uri.queryParameters.get("page") ?? "") ?? 1).response()
            },
            page(.get, "/dashboard/cohorts/{cohort}/report") { _, context, session in
                let report = try await session.caller.service.report(of: try context.parameter("cohort"), as: session.caller.invocation)
                return DashboardResponses.html(HTMLRenderer.render(report))
            },
            page(.get, "/dashboard/cohorts/{cohort}/actions/{action}") { request, context, session in
                try await ActionPages(session: session, cohort: try context.parameter("cohort")).confirm(try context.parameter("action"), request: request)
            },
            page(.post, "/dashboard/cohorts/{cohort}/actions/{action}") { request, context, session in
                let form = try await DashboardForm.read(request)
                try session.check(form)
                return try await ActionPages(session: session, cohort: try context.parameter("cohort")).perform(try context.parameter("action"), form: form)
            },
            page(.get, "/dashboard/chargers/{charger}") { _, context, session in
                try ChargerPage(session: session, charger: try context.parameter("charger")).response()
            },
            page(.post, "/dashboard/issues") { request, _, session in
                let form = try await DashboardForm.read(request)
                try session.check(form)
                return try IssueActions(session: session).add(form)
            },
            page(.post, "/dashboard/issues/{id}/close") { request, context, session in
                let form = try await DashboardForm.read(request)
                try session.check(form)
                return try IssueActions(session: session).close(try context.parameter("id"), form: form)
            },
        ]
    }

    /// A route that needs a signed-in session; every error becomes a page.
    func page(_ method: HTTPRequest.Method, _ path: String,
              _ handler: @escaping @Sendable (Request, ServerContext, DashboardSession) async throws -> Response) -> Endpoint {
        let service = self.service, clock = self.clock, throttle = counters.accessDenials, route = "\(method.rawValue) \(path)"
        return Endpoint(method, path, .open) { request, context in
            var session: DashboardSession?
            do {
                session = try DashboardSession.of(request, context: context, service: service, clock: clock, route: route, throttle: throttle)
                return try await handler(request, context, session!)
            } catch {
                return DashboardResponses.error(error, session: session, request: request)
            }
        }
    }
}
