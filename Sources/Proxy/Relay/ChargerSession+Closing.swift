import Synchronization
import NIOWebSocket

extension ChargerSession {
    /// Closes the charger's connection with 1012 to move it, when it is idle (or, `forced`, when at
    /// least no CALL is in flight). Returns whether it did; a closed connection takes no new CALL.
    func closeForSwitch(forced: Bool, at now: ContinuousClock.Instant) -> Bool {
        let link: RelayLink? = state.withLock { s in
            guard !s.ended, s.initiator == nil, let link = s.chargerLink else { return nil }
            guard s.ledger.isIdle(at: now, ignoringTransactions: forced) else { return nil }
            s.initiator = .router
            s.reason = forced ? "switch (forced)" : "switch"
            s.ledger.closing = true
            return link
        }
        guard let link else { return false }
        link.close(code: .serviceRestart, reason: "moving to another backend")
        return true
    }

    /// Closes the charger's connection with 1012 now, whatever is in flight (shutdown, or a switch
    /// whose grace ran out).
    func closeNow(reason: String) {
        let link: RelayLink? = state.withLock { s in
            guard !s.ended, s.initiator == nil, let link = s.chargerLink else { return nil }
            s.initiator = .router
            s.reason = reason
            s.ledger.closing = true
            return link
        }
        link?.close(code: .serviceRestart, reason: reason == "shutdown" ? "proxy restarting" : "moving to another backend")
    }

    /// Ends this session because the same charger connected again: the old connection is gone from
    /// the charger's point of view, so it is dropped (recorded as `network`) and its upstreams closed.
    func terminate() async {
        let link = state.withLock { $0.chargerLink }
        if let link { link.abort() } else { await abandon() }
        await ended()
    }

    /// Whether this session is closing or closed.
    var isClosing: Bool { state.withLock { $0.initiator != nil || $0.ended } }
}
