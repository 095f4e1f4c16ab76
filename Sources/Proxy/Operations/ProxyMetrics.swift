import Synchronization

/// The proxy's counters and gauges, rendered in Prometheus' text exposition format at `/metrics`.
///
/// Written by hand rather than through swift-prometheus: a dozen series do not earn a dependency.
final class ProxyMetrics: Sendable {
    struct Counters {
        var frames: [FrameKey: Int] = [:]
        var upstreamErrors: [ErrorKey: Int] = [:]
        var refused: [String: Int] = [:]
        var connectionsOpened: [String: Int] = [:]
        var switches: [String: Int] = [:]
        var dropped: [String: Int] = [:]
        var unrecorded = 0
        var bootReplays: [String: Int] = [:]
        var routeReloads = 0
        var routeErrors = 0
    }

    struct FrameKey: Hashable {
        var backend: String
        var direction: String
    }

    struct ErrorKey: Hashable {
        var backend: String
        var kind: String
    }

    private let counters = Mutex(Counters())

    func frame(backend: String, from side: Side) {
        let key = FrameKey(backend: backend, direction: side == .charger ? "to_backend" : "to_charger")
        counters.withLock { $0.frames[key, default: 0] += 1 }
    }

    func upstreamError(backend: String, kind: String) {
        counters.withLock { $0.upstreamErrors[ErrorKey(backend: backend, kind: kind), default: 0] += 1 }
    }

    func refused(_ label: String) { counters.withLock { $0.refused[label, default: 0] += 1 } }
    func opened(backend: String) { counters.withLock { $0.connectionsOpened[backend, default: 0] += 1 } }
    func switchOutcome(_ outcome: String) { counters.withLock { $0.switches[outcome, default: 0] += 1 } }
    func droppedMessage(_ reason: String) { counters.withLock { $0.dropped[reason, default: 0] += 1 } }
    func unrecordable() { counters.withLock { $0.unrecorded += 1 } }
    func bootReplayed(backend: String) { counters.withLock { $0.bootReplays[backend, default: 0] += 1 } }
    func routesReloaded() { counters.withLock { $0.routeReloads += 1 } }
    func routeFeedFailed() { counters.withLock { $0.routeErrors += 1 } }

    var snapshot: Counters { counters.withLock { $0 } }
}

/// The gauges that are read at scrape time rather than counted.
struct MetricGauges {
    var connections: [String: Int]
    var legs: [String: Int]
    var switchesPending: Int
    var switchesAwaiting: Int
    var routePosition: Int64?
    var routeAgeSeconds: Double?
    var recorderQueueBytes: Int
    var recorderDropped: Int
    var recorderWriteErrors: Int
}

extension ProxyMetrics {
    /// The text exposition format (version 0.0.4).
    func render(_ gauges: MetricGauges) -> String {
        let c = snapshot
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        func sample(_ name: String, _ labels: [(String, String)], _ value: String) {
            let text = labels.isEmpty ? "" : "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
            out += "\(name)\(text) \(value)\n"
        }
        family("migrate_proxy_connections", "gauge", "Charger connections open, by the backend they are relayed to.")
        for (backend, n) in gauges.connections.sorted(by: { $0.key < $1.key }) { sample("migrate_proxy_connections", [("backend", backend)], "\(n)") }
        family("migrate_proxy_transaction_legs", "gauge", "Extra upstreams kept to the backend of a transaction started before a move.")
        for (backend, n) in gauges.legs.sorted(by: { $0.key < $1.key }) { sample("migrate_proxy_transaction_legs", [("backend", backend)], "\(n)") }
        family("migrate_proxy_connections_opened_total", "counter", "Charger connections accepted, by backend.")
        for (backend, n) in c.connectionsOpened.sorted(by: { $0.key < $1.key }) { sample("migrate_proxy_connections_opened_total", [("backend", backend)], "\(n)") }
        family("migrate_proxy_frames_total", "counter", "OCPP messages relayed, by backend and direction.")
        for (key, n) in c.frames.sorted(by: { ($0.key.backend, $0.key.direction) < ($1.key.backend, $1.key.direction) }) {
            sample("migrate_proxy_frames_total", [("backend", key.backend), ("direction", key.direction)], "\(n)")
        }
        family("migrate_proxy_upstream_errors_total", "counter", "Upstream failures: connect (unreachable), refused (HTTP error), lost (dropped while open).")
        for (key, n) in c.upstreamErrors.sorted(by: { ($0.key.backend, $0.key.kind) < ($1.key.backend, $1.key.kind) }) {
            sample("migrate_proxy_upstream_errors_total", [("backend", key.backend), ("kind", key.kind)], "\(n)")
        }
        family("migrate_proxy_refused_total", "counter", "Charger connections refused, by reason.")
        for (label, n) in c.refused.sorted(by: { $0.key < $1.key }) { sample("migrate_proxy_refused_total", [("reason", label)], "\(n)") }
        family("migrate_proxy_switches", "gauge", "Switches under way: pending (waiting for idle or a batch slot), awaiting (closed, charger not yet back).")
        sample("migrate_proxy_switches", [("state", "pending")], "\(gauges.switchesPending)")
        sample("migrate_proxy_switches", [("state", "awaiting")], "\(gauges.switchesAwaiting)")
        family("migrate_proxy_switches_total", "counter", "Switches by outcome: requested, done, failed, cancelled.")
        for outcome in ["requested", "done", "failed", "cancelled"] {
            sample("migrate_proxy_switches_total", [("outcome", outcome)], "\(c.switches[outcome, default: 0])")
        }
        family("migrate_proxy_boot_replays_total", "counter", "BootNotifications replayed to a backend a charger moved to.")
        for (backend, n) in c.bootReplays.sorted(by: { $0.key < $1.key }) { sample("migrate_proxy_boot_replays_total", [("backend", backend)], "\(n)") }
        family("migrate_proxy_messages_dropped_total", "counter", "Messages not relayed, by reason.")
        for (reason, n) in c.dropped.sorted(by: { $0.key < $1.key }) { sample("migrate_proxy_messages_dropped_total", [("reason", reason)], "\(n)") }
        family("migrate_proxy_unrecorded_messages_total", "counter", "Messages relayed but not recorded: not OCPP-J frames.")
        sample("migrate_proxy_unrecorded_messages_total", [], "\(c.unrecorded)")
        family("migrate_proxy_frame_log_queue_bytes", "gauge", "Frame log records queued for the disk.")
        sample("migrate_proxy_frame_log_queue_bytes", [], "\(gauges.recorderQueueBytes)")
        family("migrate_proxy_frame_log_dropped_total", "counter", "Frame log records dropped because the queue was full.")
        sample("migrate_proxy_frame_log_dropped_total", [], "\(gauges.recorderDropped)")
        family("migrate_proxy_frame_log_write_errors_total", "counter", "Failed writes of the frame log.")
        sample("migrate_proxy_frame_log_write_errors_total", [], "\(gauges.recorderWriteErrors)")
        family("migrate_proxy_route_reloads_total", "counter", "Routing table reloads after the journal moved.")
        sample("migrate_proxy_route_reloads_total", [], "\(c.routeReloads)")
        family("migrate_proxy_route_errors_total", "counter", "Failed reads of the routing table.")
        sample("migrate_proxy_route_errors_total", [], "\(c.routeErrors)")
        if let position = gauges.routePosition {
            family("migrate_proxy_route_position", "gauge", "The journal position the routing table reflects.")
            sample("migrate_proxy_route_position", [], "\(position)")
        }
        if let age = gauges.routeAgeSeconds {
            family("migrate_proxy_route_age_seconds", "gauge", "Seconds since the routing table was last confirmed current.")
            sample("migrate_proxy_route_age_seconds", [], "\((age * 1000).rounded() / 1000)")
        }
        return out
    }

    static func escape(_ value: String) -> String {
        var s = ""
        for ch in value {
            switch ch {
            case "\\": s += "\\\\"
            case "\"": s += "\\\""
            case "\n": s += "\\n"
            default: s.append(ch)
            }
        }
        return s
    }
}
