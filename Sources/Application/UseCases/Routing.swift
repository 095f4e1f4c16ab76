import Engine

/// The routing table as a router follows it: every route, every charger of the fleet (routed or not),
/// and the journal position they reflect.
public struct RoutingTable: Sendable, Equatable {
    /// The journal's head when the table was read: any route change after it moves the head.
    public var position: Int64
    public var routes: [Route]
    public var fleet: [String]

    public init(position: Int64, routes: [Route], fleet: [String]) {
        self.position = position
        self.routes = routes
        self.fleet = fleet
    }
}

extension MigrationService {
    /// The journal's position (its last entry's sequence number): one indexed read, cheap enough for a
    /// router to poll several times a second. Routes change only with a journal entry.
    public func journalPosition() throws -> Int64 {
        try store.journalHead()
    }

    /// The routing table and the fleet, with the position read first: a change committed while they are
    /// read moves the journal past that position, so the router reads the table again — a table is
    /// never taken for newer than it is.
    public func routingTable() throws -> RoutingTable {
        let position = try store.journalHead()
        return RoutingTable(position: position, routes: try store.routes(cohort: nil), fleet: try store.fleet().map(\.id))
    }
}
