/// Why the proxy turned a charger's connection down, and the HTTP status it answered with.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// HTTP status of the response.
    public var status: Int
    /// Short, stable label for metrics (`migrate_proxy_refused_total{reason=...}`).
    public var label: String
    /// What happened, for the response body and the log.
    public var reason: String

    public var description: String { reason }

    static func notChargerPath(_ uri: String, prefix: String) -> Refusal {
        Refusal(status: 404, label: "path", reason: "\(uri.prefix(200)) is not a charger path: chargers connect to \(ChargerPath.normalized(prefix))/{id}")
    }

    static func notWebSocket() -> Refusal {
        Refusal(status: 426, label: "not_websocket", reason: "this port speaks OCPP-J over WebSocket only")
    }

    static func unknownCharger(_ id: String) -> Refusal {
        Refusal(status: 404, label: "unknown", reason: "charger '\(id)' is not in the fleet")
    }

    static func unrouted(_ id: String) -> Refusal {
        Refusal(status: 404, label: "unrouted", reason: "charger '\(id)' is in no cohort and no --unrouted-backend is set")
    }

    static func draining() -> Refusal {
        Refusal(status: 503, label: "shutting_down", reason: "the proxy is shutting down")
    }

    static func tableNotLoaded() -> Refusal {
        Refusal(status: 503, label: "no_routes", reason: "the proxy has not read the routing table yet")
    }

    static func backendUnreachable(_ backend: String, _ detail: String) -> Refusal {
        Refusal(status: 502, label: "backend_unreachable", reason: "backend \(backend) is unreachable: \(detail)")
    }

    /// The backend refused the upgrade: its 4xx reaches the charger unchanged (401 for bad credentials,
    /// 404 for an unknown station); anything else becomes 502.
    static func backendRefused(_ backend: String, status: Int) -> Refusal {
        Refusal(status: (400..<500).contains(status) ? status : 502, label: "backend_refused",
                reason: "backend \(backend) refused the charger with HTTP \(status)")
    }

    static func subprotocol(_ reason: String) -> Refusal {
        Refusal(status: 502, label: "subprotocol", reason: reason)
    }
}
