import Hummingbird

/// The request context of every route: Hummingbird's core storage and, once the bearer token is checked, who acts.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the endpoint's authentication; nil on public endpoints.
    public var caller: Caller?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Uploads (fleet, metrics, issues, playbooks) up to 64 MiB.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }
}
