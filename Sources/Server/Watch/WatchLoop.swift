import Application
import Engine
import Foundation
import Logging
import ServiceLifecycle

/// The automation pass every interval (what `migrate evaluate` does), so `on_fail` and `promote: auto` act without
/// cron; then the alerts. Only the server holding the evaluator lease acts (a row in the store with an expiry, taken
/// in a transaction): two servers on one store never both evaluate. A pass under way finishes on SIGTERM; the wait
/// between passes does not.
public struct WatchLoop: Service {
    let service: MigrationService
    let every: Duration
    let clock: Invocation
    let instance: String
    let alerts: AlertDispatcher
    let logger: Logger

    static let lease = "evaluator"

    /// How long a lease lasts without renewal: two intervals and a minute, so a pass that runs long keeps it.
    var leaseSeconds: TimeInterval {
        let c = every.components
        return 2 * (Double(c.seconds) + Double(c.attoseconds) / 1e18) + 60
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully {
            await pass()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: every) }
        }
        try? service.releaseEvaluatorLease(holder: instance)
    }

    /// One pass: the lease, the evaluation of every active cohort, the alerts. Failures are logged; the loop goes on.
    /// What the pass did is kept for `GET /api/watch` and the dashboard (`ServerCounters.lastWatchPass`).
    public func pass() async {
        let started = clock.now
        var outcomes: [WatchPassView.CohortOutcome] = []
        do {
            guard try service.takeEvaluatorLease(holder: instance, now: started, ttl: leaseSeconds) else {
                alerts.counters.record(WatchPassView(startedAt: started, endedAt: clock.now, outcome: "standby"))
                return
            }
            try service.beginAlertWatch(as: clock)
            let results = try await service.evaluate(cohorts: nil, as: clock)
            outcomes = WatchPassView.outcomes(results)
            for r in results where r.error != nil {
                logger.warning("evaluation failed", metadata: ["cohort": "\(r.cohort)", "error": "\(r.error.map { "\($0)" } ?? "")"])
            }
            let due = try service.alertsDue(after: results, as: clock)
            await alerts.send(due)
            alerts.counters.record(WatchPassView(startedAt: started, endedAt: clock.now, outcome: "evaluated", cohorts: outcomes, alerts: due.count))
        } catch {
            alerts.counters.record(WatchPassView(startedAt: started, endedAt: clock.now, outcome: "failed", cohorts: outcomes,
                                                 error: (error as? any KindedError)?.description ?? "\(error)"))
            logger.error("watch pass failed", metadata: ["error": "\(error)"])
        }
    }
}
