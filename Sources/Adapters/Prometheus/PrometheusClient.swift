import Engine
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
    public init(url: String, timeout: TimeInterval = 5) throws {
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        guard let parsed = URL(string: trimmed), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              parsed.host != nil else {
            throw PrometheusError("the Prometheus url '\(url)' is not an http:// or https:// URL")
        }
        self.url = parsed
        self.timeout = timeout
    }

    public func instantQuery(_ query: String, at time: Date) async throws -> Double {
        let form = "query=" + Self.formEncode(query) + "&time=" + String(format: "%.3f", time.timeIntervalSince1970)
        var request: URLRequest
        let endpoint = url.appendingPathComponent("api/v1/query")
        if form.utf8.count <= Self.longestGet, let get = URL(string: endpoint.absoluteString + "?" + form) {
            request = URLRequest(url: get)
        } else {
            request = URLRequest(url: endpoint)
            request.httpMethod = "POST"
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(form.utf8)
        }
        request.timeoutInterval = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw describe(error)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return try PrometheusResponse.value(from: data, httpStatus: status, server: url.absoluteString)
    }

    private func describe(_ error: any Error) -> PrometheusError {
        let server = url.absoluteString
        let seconds = timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)
        if let e = error as? URLError {
            switch e.code {
            case .timedOut:
                return PrometheusError("Prometheus at \(server) did not answer within \(seconds)s")
            case .cannotConnectToHost, .networkConnectionLost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
                return PrometheusError("Prometheus at \(server) is not reachable (\(e.code == .cannotFindHost || e.code == .dnsLookupFailed ? "unknown host" : "connection refused or lost"))")
            default:
                return PrometheusError("Prometheus at \(server) could not be queried: \(e.localizedDescription)")
            }
        }
        return PrometheusError("Prometheus at \(server) could not be queried: \(error.localizedDescription)")
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
