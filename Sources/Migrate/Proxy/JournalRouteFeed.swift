import Application
import Engine
import Proxy

/// The proxy's `RouteFeed` through the application layer: the table in one read, and changes found by
/// polling the journal's position every `pollInterval` (for the SQLite store, one indexed read).
struct JournalRouteFeed: RouteFeed {
    let service: MigrationService
    let pollInterval: Duration

    func table() async throws -> RouteTable {
        let table = try service.routingTable()
        var routes: [String: RouteTarget] = [:]
        routes.reserveCapacity(table.routes.count)
        for r in table.routes { routes[r.charger] = RouteTarget(backend: r.backend, url: r.url) }
        return RouteTable(position: table.position, routes: routes, fleet: Set(table.fleet))
    }

    func waitForChange(after position: Int64, timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try service.journalPosition() != position { return true }
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: pollInterval)
        }
    }
}
