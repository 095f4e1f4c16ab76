import Application
import Engine
import Proxy

/// The proxy's `RouteFeed` through the application layer: the table in one read, and changes found by
/// polling the journal's position every `pollInterval` (for the SQLite store, one indexed read). On a store that
/// notifies route changes (PostgreSQL's LISTEN), `changes` wakes the wait at once; the poll stays as a fallback.
struct JournalRouteFeed: RouteFeed {
    let service: MigrationService
    let pollInterval: Duration
    let changes: (any ChangeListening)?

    init(service: MigrationService, pollInterval: Duration) {
        self.service = service
        self.pollInterval = pollInterval
        changes = service.listenForRouteChanges()
    }

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
            let now = ContinuousClock.now
            if now >= deadline { return false }
            if let changes {
                _ = await changes.wait(timeout: min(pollInterval, deadline - now))
                try Task.checkCancellation()
            } else {
                try await Task.sleep(for: pollInterval)
            }
        }
    }
}
