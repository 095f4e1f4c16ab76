/// How the proxy connects to one backend, beyond its URL (which comes from the routing table).
public struct BackendSettings: Sendable, Equatable {
    /// Which credentials the upstream request carries (OCPP security profiles 1 and 2: HTTP Basic,
    /// user name = charger id).
    public enum Credentials: Sendable, Equatable {
        /// The charger's own `Authorization` header, unchanged (the default).
        case passThrough
        /// None.
        case none
        /// Basic with the charger id and this password, for every charger.
        case password(String)
        /// Basic with the charger id and its own password from this table; a charger missing from it
        /// is sent without credentials (and the backend decides).
        case passwords([String: String])
    }

    public var credentials: Credentials
    /// PEM file of the certificates to trust for wss:// (instead of the system's roots).
    public var caFile: String?

    public init(credentials: Credentials = .passThrough, caFile: String? = nil) {
        self.credentials = credentials
        self.caFile = caFile
    }
}
