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
    public func pass() async {
        let now = clock.now
        do {
            guard try service.takeEvaluatorLease(holder: instance, now: now, ttl: leaseSeconds) else {
                alerts.counters.countPass(outcome: "standby", at: now)
                return
            }
            try service.beginAlertWatch(as: clock)
            let results = try await service.evaluate(cohorts: nil, as: clock)
            for r in results where r.error != nil {
                logger.warning("evaluation failed", metadata: ["cohort": "\(r.cohort)", "error": "\(r.error.map { "\($0)" } ?? "")"])
            }
            await alerts.send(try service.alertsDue(after: results, as: clock))
            alerts.counters.countPass(outcome: "evaluated", at: clock.now)
        } catch {
            alerts.counters.countPass(outcome: "failed", at: clock.now)
            logger.error("watch pass failed", metadata: ["error": "\(error)"])
        }
    }
}
