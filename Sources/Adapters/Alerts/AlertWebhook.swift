import Foundation

/// Sends an alert body to a webhook the way plan webhooks are sent (`HTTPExchange`: a deadline, no redirects,
/// a capped answer): `Idempotency-Key` so a receiver drops a repeat, `X-Migrate-Signature` when a secret is set,
/// retried with back-off on connection errors, timeouts, 5xx and 429.
public struct AlertWebhook: Sendable {
    public var url: URL
    public var secret: String?
    public var attempts: Int
    public var timeout: Duration
    public var backoff: Backoff

    public init(url: URL, secret: String? = nil, attempts: Int = 4, timeout: Duration = .seconds(10), backoff: Backoff = .standard) {
        self.url = url
        self.secret = secret
        self.attempts = max(1, attempts)
        self.timeout = timeout
        self.backoff = backoff
    }

    /// Posts `body` (JSON) with `key`; nil when a 2xx answered, otherwise why it failed after every attempt.
    public func send(body: Data, key: String) async -> String? {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("User-Agent", "migrate"), ("Idempotency-Key", key)]
        if let secret, !secret.isEmpty { headers.append((WebhookSignature.headerName, WebhookSignature.value(body: body, secret: secret))) }
        let exchange = HTTPExchange(method: "POST", url: url, headers: headers, body: body)
        var cause = ""
        for attempt in 1...attempts {
            switch await exchange.send(timeout: timeout, keep: 1024) {
            case let .response(status, _, _, _) where (200..<300).contains(status): return nil
            case let .response(status, _, _, _) where status == 429 || (500..<600).contains(status): cause = "→ \(status)"
            case let .response(status, _, _, _): return "POST \(url.absoluteString) → \(status), not retried"
            case .timedOut: cause = "timed out"
            case let .failed(message): cause = message
            }
            if Task.isCancelled { break }
            if attempt < attempts { try? await Task.sleep(for: backoff.delay(afterAttempt: attempt)) }
        }
        return "POST \(url.absoluteString) failed after \(attempts) attempts: \(cause)"
    }
}
