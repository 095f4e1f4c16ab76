import Synchronization

extension OCPPProxy {
    /// `/healthz`: healthy while the routing table is loaded and was confirmed current within `staleAfter`.
    func health() -> (healthy: Bool, json: String) {
        let age = follower.lastConfirmed.map { ContinuousClock.now - $0 }
        let position = routes.table?.position
        let healthy = position != nil && age.map { $0 < configuration.staleAfter } == true
        let sessions = context.registry.sessions.count
        let ageText = age.map { String(Double(Switchboard.millis($0)) / 1000) } ?? "null"
        let json = "{\"status\":\"\(healthy ? "ok" : "stale")\",\"route_position\":\(position.map(String.init) ?? "null"),"
            + "\"route_age_seconds\":\(ageText),\"connections\":\(sessions)}"
        return (healthy, json)
    }

    func renderMetrics() -> String {
        var connections: [String: Int] = [:], legs: [String: Int] = [:]
        for session in context.registry.sessions where !session.isClosing {
            connections[session.primary.backend, default: 0] += 1
            for leg in session.legBackends { legs[leg, default: 0] += 1 }
        }
        let (pending, awaiting) = switchboard.counts
        let age = follower.lastConfirmed.map { Double(Switchboard.millis(ContinuousClock.now - $0)) / 1000 }
        let gauges = MetricGauges(connections: connections, legs: legs, switchesPending: pending, switchesAwaiting: awaiting,
                                  routePosition: routes.table?.position, routeAgeSeconds: age,
                                  recorderQueueBytes: context.recorder.queuedBytes, recorderDropped: context.recorder.droppedRecords,
                                  recorderWriteErrors: context.recorder.failedWrites)
        return context.metrics.render(gauges) + moreMetrics.withLock { $0 }.map { $0() }.joined()
    }

    /// Adds series to `/metrics`: `render` returns whole families in the text format, each line ending in a newline.
    public func addMetrics(_ render: @escaping @Sendable () -> String) {
        moreMetrics.withLock { $0.append(render) }
    }
}
