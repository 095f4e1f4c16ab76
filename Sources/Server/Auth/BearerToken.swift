import Application
import Engine
import Foundation
import Hummingbird

/// Who a request acts for: the `Authorization: Bearer TOKEN` header, checked by the application.
enum BearerToken {
    /// The person the request's token stands for, as a caller of `service`; unauthenticated without a valid token.
    /// `route`: the endpoint's `METHOD /path/{template}`; `throttle`: the server's access-denied throttle.
    static func caller(_ request: Request, context: ServerContext, service: MigrationService, clock: Invocation,
                       route: String, throttle: AccessDenialThrottle) throws -> Caller {
        let header = request.headers[.authorization]
        var secret: String?
        if let header {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw UnauthenticatedError("the Authorization header must be `Bearer TOKEN`")
            }
            secret = parts[1].trimmingCharacters(in: .whitespaces)
        }
        let principal = try service.authenticate(bearer: secret, at: clock.now)
        return Caller(principal: principal, service: service, invocation: principal.invocation(clock),
                      request: "\(request.method.rawValue) \(request.uri.path)", cohort: context.parameters.get("cohort"),
                      route: route, throttle: throttle)
    }
}
