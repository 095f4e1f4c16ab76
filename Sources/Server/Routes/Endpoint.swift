import Application
import Engine
import HTTPTypes
import Hummingbird

/// One route of the API: method, path (OpenAPI's spelling, `{cohort}`), who may call it, and what it does.
/// Every route is registered through this table, so `/openapi.json` can be checked against it.
public struct Endpoint: Sendable {
    public enum Access: Sendable {
        /// No token needed (health, metrics, the API document).
        case open
        /// A valid token whose role allows the action; checked before the handler runs.
        case requires(Action)
        /// A valid token; the handler checks the role itself once it knows the action (approve: the body's role).
        case authenticated
    }

    public typealias Handler = @Sendable (Request, ServerContext) async throws -> Response

    public var method: HTTPRequest.Method
    public var path: String
    public var access: Access
    public var handler: Handler

    public init(_ method: HTTPRequest.Method, _ path: String, _ access: Access, _ handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.access = access
        self.handler = handler
    }

    /// Hummingbird's spelling of the path: `{cohort}` → `:cohort`.
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
        }.joined(separator: "/")
    }
}

extension ServerContext {
    /// The authenticated caller; endpoints that are not `.open` always have one.
    public func requireCaller() throws -> Caller {
        guard let caller else { throw UnauthenticatedError("a bearer token is required (Authorization: Bearer TOKEN)") }
        return caller
    }

    /// A path parameter the route declares.
    public func parameter(_ name: String) throws -> String {
        try parameters.require(name)
    }
}
