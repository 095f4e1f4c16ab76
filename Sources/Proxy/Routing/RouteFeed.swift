/// Where a charger's OCPP connection goes: a backend's name and its endpoint URL (without the charger id).
public struct RouteTarget: Sendable, Hashable, Codable {
    public var backend: String
    public var url: String

    public init(backend: String, url: String) {
        self.backend = backend
        self.url = url
    }
}

/// The routing table as of one position of the journal: every charger of the fleet, and the backend
/// each routed one is on.
public struct RouteTable: Sendable, Equatable {
    /// The journal position (its last entry's sequence number) the table reflects.
    public var position: Int64
    /// Charger id → where its connection goes.
    public var routes: [String: RouteTarget]
    /// Every charger id of the fleet, routed or not.
    public var fleet: Set<String>

    public init(position: Int64, routes: [String: RouteTarget], fleet: Set<String>) {
        self.position = position
        self.routes = routes
        self.fleet = fleet
    }
}

/// How the proxy reads the routing table: the table now, and a way to learn that it may have changed.
///
/// The proxy never writes routes: the journal is their one writer. A store implements this: SQLite by
/// polling its journal head, PostgreSQL by LISTEN/NOTIFY.
public protocol RouteFeed: Sendable {
    /// The whole table, read in one consistent snapshot.
    func table() async throws -> RouteTable
    /// Returns true once the journal has moved past `position` (a route may have changed), or false
    /// after `timeout` when the store was read and had not moved (which tells the proxy its table is
    /// still current). Throws when the store cannot be read; the proxy keeps its table and asks again.
    func waitForChange(after position: Int64, timeout: Duration) async throws -> Bool
}
