import Logging
import Synchronization

/// Moves connected chargers when their route changes, by the rules of `SwitchSettings`: only when idle
/// (or, after the wait, when no CALL is in flight), at most `batchSize` per `batchInterval`, each switch
/// recorded (requested, closed, done, failed, cancelled) in the switch log, the metrics and the log.
final class Switchboard: SessionEvents, Sendable {
    private let planner: Mutex<SwitchPlanner>
    let registry: SessionRegistry
    let routes: RouteBook
    let recorder: FrameRecorder
    let metrics: ProxyMetrics
    let logger: Logger
    let tick: Duration

    init(settings: SwitchSettings, registry: SessionRegistry, routes: RouteBook, recorder: FrameRecorder, metrics: ProxyMetrics,
         logger: Logger, tick: Duration = .milliseconds(100)) {
        planner = Mutex(SwitchPlanner(settings: settings))
        self.registry = registry
        self.routes = routes
        self.recorder = recorder
        self.metrics = metrics
        self.logger = logger
        self.tick = tick
    }

    var counts: (pending: Int, awaiting: Int) { planner.withLock { ($0.pendingCount, $0.awaitingCount) } }

    /// The routes of `chargers` changed.
    func routesChanged(_ chargers: Set<String>) {
        let now = ContinuousClock.now
        for charger in chargers.sorted() {
            let to = routes.target(of: charger)
            let session = registry.session(charger)
            let connected = session.flatMap { $0.isClosing ? nil : $0.primary }
            report(planner.withLock { $0.routeChanged(charger, to: to, connected: connected, at: now) })
        }
    }

    /// Runs the switches until cancelled.
    func run() async {
        while !Task.isCancelled {
            step(at: .now)
            try? await Task.sleep(for: tick)
        }
    }

    /// Closes the chargers whose switch may go now, within the batch limit, and fails the overdue ones.
    func step(at now: ContinuousClock.Instant) {
        let (candidates, slots) = planner.withLock { ($0.pending(at: now), $0.slots(at: now)) }
        var used = 0
        for (charger, urgency) in candidates where used < slots {
            guard let session = registry.session(charger) else {
                planner.withLock { $0.left(charger, at: now) }
                continue
            }
            let closed: Bool
            switch urgency {
            case .idle: closed = session.closeForSwitch(forced: false, at: now)
            case .quiet: closed = session.closeForSwitch(forced: true, at: now)
            case .now:
                closed = !session.isClosing
                session.closeNow(reason: "switch (forced)")
            }
            guard closed else { continue }
            used += 1
            if let outcome = planner.withLock({ $0.closed(charger, forced: urgency != .idle, at: now) }) { report([outcome]) }
        }
        report(planner.withLock { $0.expire(at: now) })
    }

    func sessionStarted(_ session: ChargerSession) {
        planner.withLock { $0.arrived(session.charger, at: session.primary) }
        // The route may have moved while the charger was being connected.
        if let route = routes.target(of: session.charger), route != session.primary { routesChanged([session.charger]) }
    }

    func sessionAnswered(_ session: ChargerSession) {
        if let outcome = planner.withLock({ $0.answered(session.charger, by: session.primary, at: .now) }) { report([outcome]) }
    }

    func sessionEnded(_ session: ChargerSession, initiator: Initiator) {
        if initiator != .router { planner.withLock { $0.left(session.charger, at: .now) } }
    }

    func chargerRefused(_ charger: String, _ refusal: Refusal) {
        planner.withLock { $0.refused(charger, reason: refusal.reason) }
    }

    private func report(_ outcomes: [SwitchPlanner.Outcome]) {
        for outcome in outcomes {
            var line = RecordLine()
            line.string("charger", outcome.charger)
            switch outcome {
            case let .requested(s):
                line.string("switch", "requested"); line.string("from", s.from.backend); line.string("to", s.to.backend)
                metrics.switchOutcome("requested")
                logger.info("switch requested", metadata: ["charger": "\(s.charger)", "from": "\(s.from.backend)", "to": "\(s.to.backend)"])
            case let .closed(s, forced, waited):
                line.string("switch", "closed"); line.string("from", s.from.backend); line.string("to", s.to.backend)
                line.bool("forced", forced); line.int("waited_ms", Self.millis(waited))
                logger.info("switch: charger closed with 1012", metadata: ["charger": "\(s.charger)", "to": "\(s.to.backend)", "forced": "\(forced)"])
            case let .done(s, took):
                line.string("switch", "done"); line.string("from", s.from.backend); line.string("to", s.to.backend)
                line.int("took_ms", Self.millis(took))
                metrics.switchOutcome("done")
                logger.info("switch done", metadata: ["charger": "\(s.charger)", "to": "\(s.to.backend)", "took_ms": "\(Self.millis(took))"])
            case let .failed(s, reason):
                line.string("switch", "failed"); line.string("from", s.from.backend); line.string("to", s.to.backend)
                line.string("reason", reason)
                metrics.switchOutcome("failed")
                logger.warning("switch failed", metadata: ["charger": "\(s.charger)", "to": "\(s.to.backend)", "reason": "\(reason)"])
            case let .cancelled(s, reason):
                line.string("switch", "cancelled"); line.string("from", s.from.backend); line.string("to", s.to.backend)
                line.string("reason", reason)
                metrics.switchOutcome("cancelled")
                logger.info("switch cancelled", metadata: ["charger": "\(s.charger)", "reason": "\(reason)"])
            }
            recorder.switchEvent(line)
        }
    }

    static func millis(_ d: Duration) -> Int {
        Int(d.components.seconds) * 1000 + Int(d.components.attoseconds / 1_000_000_000_000_000)
    }
}
