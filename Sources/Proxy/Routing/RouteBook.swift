import Synchronization

/// The proxy's current routing table, read by every new connection and replaced as the journal moves.
final class RouteBook: Sendable {
    /// Where a charger that connects goes.
    enum Lookup: Equatable {
        case route(RouteTarget)
        /// In the fleet, in no cohort, and no `--unrouted-backend` was given.
        case unrouted
        /// Not in the fleet.
        case unknown
    }

    private let state: Mutex<RouteTable?>
    private let unroutedTarget: RouteTarget?

    init(unroutedTarget: RouteTarget?) {
        state = Mutex(nil)
        self.unroutedTarget = unroutedTarget
    }

    var table: RouteTable? { state.withLock { $0 } }

    func lookup(_ charger: String) -> Lookup {
        state.withLock { table in
            guard let table else { return .unknown }
            if let target = table.routes[charger] { return .route(target) }
            guard table.fleet.contains(charger) else { return .unknown }
            return unroutedTarget.map(Lookup.route) ?? .unrouted
        }
    }

    /// Installs `new` and returns the chargers whose route changed (their target is now `target(of:)`).
    @discardableResult
    func replace(with new: RouteTable) -> Set<String> {
        state.withLock { table in
            let old = table
            table = new
            guard let old else { return [] }
            var changed: Set<String> = []
            for (charger, target) in new.routes where old.routes[charger] != target { changed.insert(charger) }
            for charger in old.routes.keys where new.routes[charger] == nil { changed.insert(charger) }
            for charger in old.fleet.symmetricDifference(new.fleet) where new.routes[charger] == nil { changed.insert(charger) }
            return changed
        }
    }

    /// The target a charger has now (its route, else the unrouted backend), nil when it has none.
    func target(of charger: String) -> RouteTarget? {
        if case let .route(t) = lookup(charger) { return t }
        return nil
    }
}
