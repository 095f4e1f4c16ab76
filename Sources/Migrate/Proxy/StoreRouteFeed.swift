import Proxy
import Store

/// The proxy's `RouteFeed` on the SQLite store: the table in one read, and changes found by polling
/// the journal head (a single indexed read) every `pollInterval`.
struct StoreRouteFeed: RouteFeed {
    let store: MigrateStore
    let pollInterval: Duration

    func table() async throws -> RouteTable {
        let snapshot = try store.routingSnapshot()
        var routes: [String: RouteTarget] = [:]
        routes.reserveCapacity(snapshot.routes.count)
        for r in snapshot.routes { routes[r.charger] = RouteTarget(backend: r.backend, url: r.url) }
        return RouteTable(position: snapshot.head, routes: routes, fleet: Set(snapshot.fleet))
    }

    func waitForChange(after position: Int64, timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try store.journalHead() != position { return true }
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: pollInterval)
        }
    }
}
