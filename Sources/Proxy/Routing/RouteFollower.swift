import Logging
import Synchronization

/// Keeps the `RouteBook` equal to the store's routing table: reads it at start, then again each time
/// the journal moves, and hands the chargers whose route changed to `onChange`.
final class RouteFollower: Sendable {
    let feed: any RouteFeed
    let book: RouteBook
    let metrics: ProxyMetrics
    let logger: Logger
    let onChange: @Sendable (Set<String>) -> Void
    private let confirmed = Mutex<ContinuousClock.Instant?>(nil)
    /// How long a quiet wait for a change lasts before the feed reports "still current".
    let heartbeat: Duration

    init(feed: any RouteFeed, book: RouteBook, metrics: ProxyMetrics, logger: Logger, heartbeat: Duration = .seconds(2),
         onChange: @escaping @Sendable (Set<String>) -> Void) {
        self.feed = feed
        self.book = book
        self.metrics = metrics
        self.logger = logger
        self.heartbeat = heartbeat
        self.onChange = onChange
    }

    /// When the table was last known to be current.
    var lastConfirmed: ContinuousClock.Instant? { confirmed.withLock { $0 } }

    /// Reads the table for the first time; the proxy does not accept chargers before.
    func load() async throws {
        let table = try await feed.table()
        book.replace(with: table)
        confirmed.withLock { $0 = .now }
        logger.info("routing table loaded", metadata: ["position": "\(table.position)", "routes": "\(table.routes.count)", "fleet": "\(table.fleet.count)"])
    }

    /// Follows the journal until cancelled. A failing store is retried every second; meanwhile the last
    /// table stays in force (and `/healthz` reports it stale).
    func run() async {
        var failing = false
        while !Task.isCancelled {
            do {
                let position = book.table?.position ?? -1
                let moved = try await feed.waitForChange(after: position, timeout: heartbeat)
                if moved {
                    let table = try await feed.table()
                    let changed = book.replace(with: table)
                    metrics.routesReloaded()
                    if !changed.isEmpty {
                        logger.info("routes changed", metadata: ["position": "\(table.position)", "chargers": "\(changed.count)"])
                        onChange(changed)
                    }
                }
                confirmed.withLock { $0 = .now }
                if failing {
                    logger.notice("routing table readable again")
                    failing = false
                }
            } catch is CancellationError {
                return
            } catch {
                metrics.routeFeedFailed()
                if !failing { logger.error("cannot read the routing table; keeping the last one", metadata: ["error": "\(error)"]) }
                failing = true
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
