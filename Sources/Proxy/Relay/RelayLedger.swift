/// The relay's bookkeeping for one charger connection, as a value: messages in, decisions out.
///
/// It never touches a socket or a clock: the session that owns it passes the time in and performs the
/// decision (forward, replay a boot, drop). It knows which CALLs are in flight each way, which backend
/// owns each open transaction, whether the backend this connection went to must first see a
/// BootNotification, and whether that backend has answered since the charger arrived.
struct RelayLedger {
    /// A CALL the charger sent, awaiting the answer of `backend`.
    struct ChargerCall: Equatable {
        var action: String
        var target: RouteTarget
        var at: ContinuousClock.Instant
        /// The transaction it ends, for StopTransaction and TransactionEvent Ended.
        var endsTransaction: String?
    }

    /// A CALL a backend sent, as the charger knows it (`id` may be the proxy's), awaiting the charger's answer.
    struct BackendCall: Equatable {
        var target: RouteTarget
        var originalID: String
        var at: ContinuousClock.Instant
    }

    enum BootState: Equatable {
        /// The backend saw this charger's boot already, or there is none to give.
        case settled
        /// The charger moved here: its first message decides (its own boot, or a replay first).
        case needed
        /// A replayed boot with this id awaits the backend's answer.
        case replaying(id: String)
    }

    let charger: String
    let primary: RouteTarget
    let subprotocol: String
    /// A CALL unanswered for this long no longer keeps the connection busy (chargers give up after 30 s or so).
    let abandonAfter: Duration
    var memory: ChargerMemory {
        didSet { memoryChanges += 1 }
    }
    /// Counts changes of `memory`, so that the state file is written only when something changed.
    private(set) var memoryChanges = 1
    var callsFromCharger: [String: ChargerCall] = [:]
    var callsFromBackends: [String: BackendCall] = [:]
    var boot: BootState
    /// The proxy closes this connection (a switch or shutdown): no new CALL may start.
    var closing = false
    /// The primary backend answered: the charger is really back (a switch to it is done).
    private(set) var answered = false
    private var proxyIDs = 0

    init(charger: String, primary: RouteTarget, subprotocol: String, memory: ChargerMemory,
         abandonAfter: Duration = .seconds(60)) {
        self.charger = charger
        self.primary = primary
        self.subprotocol = subprotocol
        self.abandonAfter = abandonAfter
        let moved = memory.lastBackend.map { $0 != primary.backend } ?? false
        boot = moved ? .needed : .settled
        self.memory = memory
    }

    /// No CALL in flight either way (abandoned ones aside), no boot replay pending, and, unless
    /// `ignoringTransactions`, no transaction open on any backend.
    func isIdle(at now: ContinuousClock.Instant, ignoringTransactions: Bool = false) -> Bool {
        if case .replaying = boot { return false }
        if callsFromCharger.values.contains(where: { now - $0.at < abandonAfter }) { return false }
        if callsFromBackends.values.contains(where: { now - $0.at < abandonAfter }) { return false }
        return ignoringTransactions || memory.transactions.isEmpty
    }

    /// Whether an upstream to `backend` still has work: a transaction it owns, or a CALL in flight with it.
    func needsUpstream(to backend: String, at now: ContinuousClock.Instant) -> Bool {
        memory.transactions.values.contains { $0.backend == backend }
            || callsFromCharger.values.contains { $0.target.backend == backend && now - $0.at < abandonAfter }
            || callsFromBackends.values.contains { $0.target.backend == backend && now - $0.at < abandonAfter }
    }

    mutating func nextProxyID() -> String {
        proxyIDs += 1
        return "proxy-\(proxyIDs)"
    }

    /// The primary backend answered the charger (after its boot, replayed or its own): from now on it
    /// is the backend this charger is known to be on, and a later move away from it needs a boot again.
    mutating func noteAnswered() {
        answered = true
        if memory.lastBackend != primary.backend { memory.lastBackend = primary.backend }
    }
}
