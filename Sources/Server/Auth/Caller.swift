import Application
import Engine

/// The authenticated person of a request and the service to act with: the journal's actor is the token's person.
public struct Caller: Sendable {
    public var principal: Principal
    public var service: MigrationService
    /// The server's clock, this person acting.
    public var invocation: Invocation
    /// `METHOD /path`, for the journal when a write is refused.
    public var request: String
    /// The cohort the request is about (its path parameter), for the journal.
    public var cohort: String?
    /// `METHOD /path/{template}` of the endpoint, for the access-denied throttle (one entry per person and route a minute).
    public var route: String?
    /// The server's throttle of `access-denied` entries.
    public var throttle: AccessDenialThrottle?

    /// The role check: passes when the token's role allows `action`, otherwise throws forbidden (a write refused
    /// so is journaled with who tried; a refused GET is not). Every endpoint calls it before acting; the dashboard's too.
    public func require(_ action: Action) throws {
        try service.authorize(principal, action, request: request, route: route, cohort: cohort, isWrite: !request.hasPrefix("GET "),
                              throttle: throttle, as: invocation)
    }
}
