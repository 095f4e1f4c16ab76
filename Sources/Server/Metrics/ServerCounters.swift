import Foundation

/// What the server counts in memory for /metrics: API requests, alerts, watch passes. Resets when it restarts.
public final class ServerCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [String: Int] = [:]
    private var alerts: [String: Int] = [:]
    private var passes: [String: Int] = [:]
    private var lastPass: Date?

    public init() {}

    func countRequest(method: String, route: String, status: Int) {
        lock.withLock { requests["method=\"\(method)\",route=\"\(route)\",status=\"\(status)\"", default: 0] += 1 }
    }

    /// `outcome`: `sent` or `failed`.
    func countAlert(outcome: String) {
        lock.withLock { alerts["outcome=\"\(outcome)\"", default: 0] += 1 }
    }

    /// `outcome`: `evaluated` (this server holds the lease), `standby` (another does), `failed`.
    func countPass(outcome: String, at: Date) {
        lock.withLock {
            passes["outcome=\"\(outcome)\"", default: 0] += 1
            lastPass = at
        }
    }

    var snapshot: (requests: [String: Int], alerts: [String: Int], passes: [String: Int], lastPass: Date?) {
        lock.withLock { (requests, alerts, passes, lastPass) }
    }

    /// Watch passes this server evaluated in (it held the lease).
    public var passesEvaluated: Int { lock.withLock { passes["outcome=\"evaluated\""] ?? 0 } }

    /// Alerts sent so far (tests and the log).
    public var alertsSent: Int { lock.withLock { alerts["outcome=\"sent\""] ?? 0 } }
}
