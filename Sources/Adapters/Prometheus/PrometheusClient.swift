import Engine
import Foundation

/// Prometheus's instant query API over HTTP (`/api/v1/query`), for `prometheus:` metrics.
///
/// A gate needs exactly one finite value: a scalar, or an instant vector of one series. Anything else
/// (down, slow, an HTTP or PromQL error, no series, several, NaN) throws a `PrometheusError` that says
/// what happened, and the gate stays pending.
public struct PrometheusClient: PrometheusQuerying {
    /// The server's base URL, e.g. `http://127.0.0.1:9090` (a path prefix is kept).
    public let url: URL
    /// How long a query may take, in seconds.
    public let timeout: TimeInterval

    /// Queries longer than this (a group of thousands of chargers) are sent as a form POST.
    static let longestGet = 4_000

    /// - Throws: `PrometheusError` when `url` is not an http(s) URL.
    /// - Parameter timeout: seconds, 0.001 to 86 400 (clamped).
    public init(url: String, timeout: TimeInterval = 5) throws {
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        guard let parsed = URL(string: trimmed), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              parsed.host != nil else {
            throw PrometheusError("the Prometheus url '\(url)' is not an http:// or https:// URL")
        }
        self.url = parsed
        self.timeout = timeout.isFinite ? min(max(timeout, 0.001), 86_400) : 5
    }

    /// Most bytes of an answer read: an instant query for one series is a few hundred bytes.
    static let longestAnswer = 1 << 20

    public func instantQuery(_ query: String, at time: Date) async throws -> Double {
        let form = "query=" + Self.formEncode(query) + "&time=" + String(format: "%.3f", time.timeIntervalSince1970)
        let endpoint = url.appendingPathComponent("api/v1/query")
        var exchange: HTTPExchange
        if form.utf8.count <= Self.longestGet, let get = URL(string: endpoint.absoluteString + "?" + form) {
            exchange = HTTPExchange(method: "GET", url: get, headers: [], body: nil)
        } else {
            exchange = HTTPExchange(method: "POST", url: endpoint,
                                    headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded")], body: Data(form.utf8))
        }
        exchange.headers.append((name: "User-Agent", value: "migrate"))
        let server = url.absoluteString
        switch await exchange.send(timeout: .milliseconds(Int64((timeout * 1000).rounded())), keep: Self.longestAnswer) {
        case let .response(_, _, truncated, _) where truncated:
            throw PrometheusError("Prometheus at \(server) answered more than \(Self.longestAnswer / 1024) KiB; a gate's query returns one value")
        case let .response(status, body, _, _):
            return try PrometheusResponse.value(from: body, httpStatus: status, server: server)
        case .timedOut:
            throw PrometheusError("Prometheus at \(server) did not answer within \(formatSeconds(timeout))s")
        case let .failed(message) where message.hasPrefix("cannot connect") || message.hasPrefix("cannot resolve"):
            throw PrometheusError("Prometheus at \(server) is not reachable (\(message))")
        case let .failed(message):
            throw PrometheusError("Prometheus at \(server) could not be queried: \(message)")
        }
    }

    private func formatSeconds(_ t: TimeInterval) -> String {
        t == t.rounded() && abs(t) < 1e9 ? String(Int(t)) : String(t)
    }

    /// application/x-www-form-urlencoded: everything but unreserved characters is percent-encoded
    /// (a `+` in PromQL must not become a space).
    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
