import Application
import Foundation

/// What the server counts in memory for /metrics: API requests, alerts, watch passes. Resets when it restarts.
public final class ServerCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [String: Int] = [:]
    private var alerts: [String: Int] = [:]
    private var passes: [String: Int] = [:]
    private var lastPass: Date?
    private var lastPassView: WatchPassView?
    private var lastChangeView: WatchPassView?
    /// At most one `access-denied` entry per person and route a minute; the refusals in between are counted here.
    public let accessDenials = AccessDenialThrottle()

    public init() {}

    func countRequest(method: String, route: String, status: Int) {
        lock.withLock { requests["method=\"\(method)\",route=\"\(route)\",status=\"\(status)\"", default: 0] += 1 }
    }

    /// `outcome`: `sent` or `failed`.
    func countAlert(outcome: String) {
        lock.withLock { alerts["outcome=\"\(outcome)\"", default: 0] += 1 }
    }

    /// What the last watch pass did (nil before the first pass on this server).
    public var lastWatchPass: WatchPassView? { lock.withLock { lastPassView } }

    /// The last pass that changed something or failed for a cohort (advanced, rolled back, paused, quarantined,
    /// blocked, an error): a rollback stays visible after the passes that follow find nothing left to do.
    public var lastWatchChange: WatchPassView? { lock.withLock { lastChangeView } }

    /// Records a pass: counted by outcome (`evaluated`: this server holds the lease; `standby`: another does;
    /// `failed`), its time, and what it did.
    func record(_ pass: WatchPassView) {
        lock.withLock {
            passes["outcome=\"\(pass.outcome)\"", default: 0] += 1
            lastPass = pass.endedAt
            lastPassView = pass
            if pass.changedSomething { lastChangeView = pass }
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
