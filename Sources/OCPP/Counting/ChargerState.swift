/// Everything the counter remembers about one charger: its connection, its open CALLs, its 1.6 transactions.
struct ChargerState {
    /// How many expired CALLs are kept per charger for late answers to pair with; older ones are forgotten
    /// (a late answer to one of them is then reported as an answer with no open CALL).
    static let keptExpiredCalls = 16
    /// How many 1.6 transactions a charger may have open (started, not stopped) before the oldest is
    /// forgotten (its StopTransaction then counts as a stop but not as a checked CDR). A charger has a
    /// transaction per connector at most; more means stops that never came, and memory must stay flat.
    static let keptTransactions = 64

    var connected = false
    var version: OCPPVersion = .unknown
    var calls: [OpenCall] = []
    var idArena: [UInt8] = []
    var transactions: [Int64: Transaction] = [:]
    /// Whether a frame was seen with no `connected` before it (warned about once per charger).
    var warnedUnconnected = false

    /// The index in `calls` of the open CALL sent by `side` with message id `id`.
    func openCall(from side: Side, id: UnsafeBufferPointer<UInt8>) -> Int? {
        for (k, call) in calls.enumerated() where call.side == side && Int(call.idCount) == id.count {
            var same = true
            for j in 0..<id.count where idArena[Int(call.idStart) + j] != id[j] { same = false; break }
            if same { return k }
        }
        return nil
    }

    func index(ofSerial serial: UInt64) -> Int? { calls.firstIndex { $0.serial == serial } }

    mutating func append(_ call: OpenCall, id: UnsafeBufferPointer<UInt8>) {
        var call = call
        if calls.isEmpty { idArena.removeAll(keepingCapacity: true) }
        call.idStart = Int32(idArena.count)
        call.idCount = Int32(id.count)
        idArena.append(contentsOf: id)
        calls.append(call)
    }

    mutating func start(_ transaction: Transaction, id: Int64) {
        transactions[id] = transaction
        guard transactions.count > Self.keptTransactions,
              let oldest = transactions.min(by: { $0.value.serial < $1.value.serial })?.key else { return }
        transactions.removeValue(forKey: oldest)
    }

    mutating func forgetOldExpired() {
        var expired = 0
        for call in calls where call.expired { expired += 1 }
        guard expired > Self.keptExpiredCalls, let oldest = calls.firstIndex(where: \.expired) else { return }
        calls.remove(at: oldest)
    }
}
