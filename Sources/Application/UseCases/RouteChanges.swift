import Engine

extension MigrationService {
    /// A listener that wakes a router as soon as a route change commits, when the store can notify (PostgreSQL);
    /// nil when the router must poll `journalPosition()`.
    public func listenForRouteChanges() -> (any ChangeListening)? {
        (store as? any RouteChangeNotifying)?.listenForRouteChanges()
    }
}
