extension RelayLedger {
    /// What to do with a message from a backend.
    enum BackendDecision: Equatable {
        /// Send `message` to the charger.
        case forward(OCPPMessage)
        /// The answer to a replayed boot: kept by the proxy (the charger booted long ago); relaying
        /// the held charger message may go on.
        case replayAnswered(accepted: Bool)
        /// Send nothing: the charger's connection is closing.
        case drop(reason: String)
    }

    mutating func backendSent(_ message: OCPPMessage, from target: RouteTarget, at now: ContinuousClock.Instant) -> BackendDecision {
        switch message.kind {
        case .call:
            if closing { return .drop(reason: "the charger's connection is closing; the backend gets no answer, as if it had dropped") }
            if target.backend == primary.backend {
                callsFromBackends[message.id] = BackendCall(target: target, originalID: message.id, at: now)
                return .forward(message)
            }
            // A backend that keeps a transaction of this charger: its ids may collide with the primary's.
            let id = nextProxyID()
            callsFromBackends[id] = BackendCall(target: target, originalID: message.id, at: now)
            return .forward(message.replacingID(with: id))
        case .result, .error:
            if case let .replaying(id) = boot, id == message.id, target.backend == primary.backend {
                boot = .settled
                let accepted = message.kind == .result && message.payload()["status"]?.string == "Accepted"
                if accepted { noteAnswered() }
                return .replayAnswered(accepted: accepted)
            }
            guard let call = callsFromCharger[message.id], call.target.backend == target.backend else { return .forward(message) }
            callsFromCharger[message.id] = nil
            settle(call, answer: message)
            return .forward(message)
        }
    }

    /// Bookkeeping when a charger's CALL is answered: transactions opened and closed, boots accepted,
    /// and whether the primary backend has now answered the charger.
    private mutating func settle(_ call: ChargerCall, answer: OCPPMessage) {
        guard answer.kind == .result else { return }
        let payload = Self.readsPayload(call.action) ? answer.payload() : .null
        switch call.action {
        case "StartTransaction":
            if let key = payload["transactionId"]?.identifierKey { memory.transactions[key] = call.target }
        case "StopTransaction", "TransactionEvent":
            if let key = call.endsTransaction { memory.transactions[key] = nil }
        default:
            break
        }
        guard call.target.backend == primary.backend else { return }
        if call.action == "BootNotification" {
            if payload["status"]?.string == "Accepted" { noteAnswered() }
        } else {
            noteAnswered()
        }
    }
}
