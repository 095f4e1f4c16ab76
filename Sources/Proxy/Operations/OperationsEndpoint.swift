import HTTPTypes
import HummingbirdCore
import NIOCore

/// The operations port: `GET /healthz` (200 while the proxy follows the routing table, 503 when the
/// table is stale or not loaded) and `GET /metrics` (Prometheus text format).
struct OperationsEndpoint: Sendable {
    /// Whether the proxy is healthy, and a one-line JSON description.
    let health: @Sendable () -> (healthy: Bool, json: String)
    let metrics: @Sendable () -> String

    var channel: HTTP1Channel {
        let health = self.health, metrics = self.metrics
        return HTTP1Channel(responder: { request, writer, _ in
            let (status, type, body): (HTTPResponse.Status, String, String)
            switch (request.method, request.uri.path) {
            case (.get, "/healthz"), (.head, "/healthz"):
                let (healthy, json) = health()
                (status, type, body) = (healthy ? .ok : .serviceUnavailable, "application/json", json + "\n")
            case (.get, "/metrics"), (.head, "/metrics"):
                (status, type, body) = (.ok, "text/plain; version=0.0.4; charset=utf-8", metrics())
            default:
                (status, type, body) = (.notFound, "text/plain; charset=utf-8", "not found: this port serves /healthz and /metrics\n")
            }
            let buffer = ByteBuffer(string: body)
            var head = HTTPResponse(status: status)
            head.headerFields[.contentType] = type
            head.headerFields[.contentLength] = String(buffer.readableBytes)
            try await writer.write(response: head, body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: buffer))
        })
    }
}
