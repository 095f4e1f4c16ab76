/// A store that tells a router at once when routes change (PostgreSQL: LISTEN/NOTIFY), so that it need not poll
/// the journal often. Optional: a router on a store without it polls.
public protocol RouteChangeNotifying: Sendable {
    /// Starts listening for committed route changes on a connection of its own, which reconnects by itself
    /// when lost; `stop()` on the result ends it.
    func listenForRouteChanges() -> any ChangeListening
}

/// Wakes a waiting reader when a change is notified.
public protocol ChangeListening: Sendable {
    /// True as soon as a change was notified since the previous call returned (at once when one already was),
    /// false after `timeout` without one or when the task is cancelled. A notification may be spurious (the
    /// listener also wakes after reconnecting, since it may have missed some): the reader checks what changed.
    func wait(timeout: Duration) async -> Bool
    /// Stops listening and closes the connection.
    func stop()
}
