extension KPICounter {
    /// A `connected` event: a new connection with its OCPP version. A connection still open is over
    /// (its CALLs are never answered), but not counted as dropped: only a `disconnected` is.
    mutating func connected(_ charger: Int32, version: OCPPVersion, at time: Int64) {
        endConnection(charger)
        states[Int(charger)].connected = true
        states[Int(charger)].version = version
        emit(.connectionEstablished, charger, at: time)
    }

    /// A `disconnected` event: counted as dropped unless a router closed it on purpose.
    mutating func disconnected(_ charger: Int32, initiator: Initiator, at time: Int64) {
        endConnection(charger)
        if initiator != .router { emit(.connectionDropped, charger, at: time) }
    }

    /// The connection ends: its CALLs still open are never answered (decided at CALL + 30 s);
    /// the 1.6 transactions stay, their stop may come on the next connection.
    private mutating func endConnection(_ charger: Int32) {
        let c = Int(charger)
        for call in states[c].calls where !call.expired { decideUnanswered(call, charger) }
        states[c].calls.removeAll(keepingCapacity: true)
        states[c].idArena.removeAll(keepingCapacity: true)
        states[c].connected = false
        states[c].version = .unknown
    }
}
