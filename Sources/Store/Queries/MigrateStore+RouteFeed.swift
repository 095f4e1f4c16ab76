internal import GRDB

/// One charger's route, as routers read it.
public struct RoutedCharger: Sendable, Equatable {
    public var charger: String
    public var backend: String
    public var url: String
}

/// The routing table and the fleet, as of one position of the journal.
public struct RoutingSnapshot: Sendable, Equatable {
    /// The sequence number of the journal's last entry (0 for an empty journal).
    public var head: Int64
    public var routes: [RoutedCharger]
    /// Every charger id of the fleet, routed or not.
    public var fleet: [String]
}

extension MigrateStore {
    /// The journal's head: the sequence number of its last entry, 0 when empty. One read of the
    /// primary key's last row, cheap enough to poll several times a second; a committed route change
    /// (by any process) moves it, since routes change only with a journal entry.
    public func journalHead() throws -> Int64 {
        try pool.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM journal") ?? 0 }
    }

    /// The routing table, the fleet's ids and the journal head, read in one transaction so that they
    /// agree with each other.
    public func routingSnapshot() throws -> RoutingSnapshot {
        try pool.read { db in
            let head = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM journal") ?? 0
            let routes = try Row.fetchAll(db, sql: "SELECT charger, backend, url FROM routes ORDER BY charger").map {
                RoutedCharger(charger: $0["charger"], backend: $0["backend"], url: $0["url"])
            }
            let fleet = try String.fetchAll(db, sql: "SELECT id FROM chargers ORDER BY id")
            return RoutingSnapshot(head: head, routes: routes, fleet: fleet)
        }
    }
}
