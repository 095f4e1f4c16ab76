/// The switches under way, as a value: route changes, closes, arrivals and answers in; what to record
/// and whom to close out. The switchboard owns it and does the IO; time is passed in.
struct SwitchPlanner {
    enum Phase: Equatable {
        /// Waiting for the charger to be idle and for a batch slot.
        case pending
        /// Its connection was closed (by the proxy, or it left on its own); waiting for it on `to`.
        case awaiting(closedAt: ContinuousClock.Instant)
        /// Connected to `to`; waiting for that backend to answer it.
        case back(closedAt: ContinuousClock.Instant)
    }

    struct Switch: Equatable {
        var charger: String
        var from: RouteTarget
        var to: RouteTarget
        var requestedAt: ContinuousClock.Instant
        var phase: Phase
        /// Why its last attempt to connect to `to` was refused, if it was.
        var lastRefusal: String?
    }

    /// What happened to a switch, for the switch log and the metrics.
    enum Outcome: Equatable {
        case requested(Switch)
        case closed(Switch, forced: Bool, waited: Duration)
        case done(Switch, took: Duration)
        case failed(Switch, reason: String)
        case cancelled(Switch, reason: String)
    }

    /// How far a pending switch may go to close its charger now.
    enum Urgency: Equatable {
        /// Only when idle.
        case idle
        /// Open transactions no longer count; no CALL may be in flight.
        case quiet
        /// Close regardless.
        case now
    }

    let settings: SwitchSettings
    private(set) var switches: [String: Switch] = [:]
    /// Pending chargers in the order their switches were requested.
    private var queue: [String] = []
    private var recentCloses: [ContinuousClock.Instant] = []

    init(settings: SwitchSettings) { self.settings = settings }

    var pendingCount: Int { switches.values.filter { $0.phase == .pending }.count }
    var awaitingCount: Int { switches.count - pendingCount }

    /// The route of `charger` changed to `to` (nil: it has none now); `connected` is the target of its
    /// live connection, if any.
    mutating func routeChanged(_ charger: String, to: RouteTarget?, connected: RouteTarget?, at now: ContinuousClock.Instant) -> [Outcome] {
        var outcomes: [Outcome] = []
        if var existing = switches[charger] {
            if existing.to == to { return [] }
            switches[charger] = nil
            queue.removeAll { $0 == charger }
            existing.lastRefusal = nil
            outcomes.append(.cancelled(existing, reason: to.map { "the route changed to \($0.backend) before the move was done" } ?? "the charger has no route any more"))
        }
        guard let connected, let to, connected != to else { return outcomes }
        let s = Switch(charger: charger, from: connected, to: to, requestedAt: now, phase: .pending)
        switches[charger] = s
        queue.append(charger)
        outcomes.append(.requested(s))
        return outcomes
    }

    /// How many chargers may be closed now without exceeding the batch limit.
    mutating func slots(at now: ContinuousClock.Instant) -> Int {
        recentCloses.removeAll { now - $0 >= settings.batchInterval }
        return max(0, settings.batchSize - recentCloses.count)
    }

    /// Pending switches in request order, each with how far it may go now.
    func pending(at now: ContinuousClock.Instant) -> [(charger: String, urgency: Urgency)] {
        queue.compactMap { charger in
            guard let s = switches[charger], s.phase == .pending else { return nil }
            let waited = now - s.requestedAt
            let urgency: Urgency = waited < settings.idleWait ? .idle : waited < settings.idleWait + settings.forceGrace ? .quiet : .now
            return (charger, urgency)
        }
    }

    /// The proxy closed the charger's connection for its switch.
    mutating func closed(_ charger: String, forced: Bool, at now: ContinuousClock.Instant) -> Outcome? {
        guard var s = switches[charger], s.phase == .pending else { return nil }
        s.phase = .awaiting(closedAt: now)
        switches[charger] = s
        queue.removeAll { $0 == charger }
        recentCloses.append(now)
        return .closed(s, forced: forced, waited: now - s.requestedAt)
    }

    /// The charger's connection ended without the proxy closing it (it left on its own): its next
    /// connection goes to `to` anyway.
    mutating func left(_ charger: String, at now: ContinuousClock.Instant) {
        guard var s = switches[charger], s.phase == .pending else { return }
        s.phase = .awaiting(closedAt: now)
        switches[charger] = s
        queue.removeAll { $0 == charger }
    }

    /// The charger connected to `target`.
    mutating func arrived(_ charger: String, at target: RouteTarget) {
        guard var s = switches[charger], case let .awaiting(closedAt) = s.phase, s.to == target else { return }
        s.phase = .back(closedAt: closedAt)
        switches[charger] = s
    }

    /// `target` answered the charger: a switch to it is done.
    mutating func answered(_ charger: String, by target: RouteTarget, at now: ContinuousClock.Instant) -> Outcome? {
        guard let s = switches[charger], s.to == target else { return nil }
        let closedAt: ContinuousClock.Instant
        switch s.phase {
        case .pending: return nil
        case let .awaiting(at), let .back(at): closedAt = at
        }
        switches[charger] = nil
        return .done(s, took: now - closedAt)
    }

    /// A connection attempt of the charger was refused (its new backend refused it, say).
    mutating func refused(_ charger: String, reason: String) {
        guard var s = switches[charger], s.phase != .pending else { return }
        s.lastRefusal = reason
        switches[charger] = s
    }

    /// Switches whose charger did not come back (or was not answered) in time.
    mutating func expire(at now: ContinuousClock.Instant) -> [Outcome] {
        var outcomes: [Outcome] = []
        for s in switches.values {
            let reason: String
            switch s.phase {
            case .pending: continue
            case let .awaiting(closedAt):
                guard now - closedAt >= settings.returnTimeout else { continue }
                reason = "not back on \(s.to.backend) within \(Self.describe(settings.returnTimeout))" + (s.lastRefusal.map { "; last attempt: \($0)" } ?? "")
            case let .back(closedAt):
                guard now - closedAt >= settings.returnTimeout else { continue }
                reason = "connected to \(s.to.backend) but not answered there within \(Self.describe(settings.returnTimeout))"
            }
            switches[s.charger] = nil
            outcomes.append(.failed(s, reason: reason))
        }
        return outcomes.sorted { $0.charger < $1.charger }
    }

    static func describe(_ d: Duration) -> String {
        let s = d.components.seconds
        if s % 3600 == 0 { return "\(s / 3600)h" }
        if s % 60 == 0 { return "\(s / 60)m" }
        return "\(s)s"
    }
}

extension SwitchPlanner.Outcome {
    var charger: String {
        switch self {
        case let .requested(s), let .closed(s, _, _), let .done(s, _), let .failed(s, _), let .cancelled(s, _): s.charger
        }
    }
}
