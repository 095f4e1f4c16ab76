extension RelayLedger {
    /// What to do with a message from the charger.
    enum ChargerDecision: Equatable {
        /// Send `message` to `target` (the primary backend, or the one that owns the transaction).
        case forward(RouteTarget, OCPPMessage)
        /// The charger moved here and its first message is not a boot: send `boot` to the primary
        /// backend first, wait for its answer (`backendSent` says `.replayAnswered`), then offer the
        /// held message again.
        case replayBoot(OCPPMessage)
        /// Send nothing: the connection is closing for a switch, and a CALL started now could land on
        /// the old backend while the charger retries it on the new one.
        case drop(reason: String)
    }

    mutating func chargerSent(_ message: OCPPMessage, at now: ContinuousClock.Instant) -> ChargerDecision {
        switch message.kind {
        case .call:
            return chargerCall(message, action: message.action ?? "", at: now)
        case .result, .error:
            // The charger answers a backend's CALL: back to that backend, under the id it used.
            guard let call = callsFromBackends.removeValue(forKey: message.id) else { return .forward(primary, message) }
            let out = call.originalID == message.id ? message : message.replacingID(with: call.originalID)
            return .forward(call.target, out)
        }
    }

    private mutating func chargerCall(_ message: OCPPMessage, action: String, at now: ContinuousClock.Instant) -> ChargerDecision {
        if closing { return .drop(reason: "the proxy is closing this connection to move the charger; the charger will send it again") }
        if boot == .needed {
            if action == "BootNotification" {
                boot = .settled
            } else if let replay = replayableBoot() {
                boot = .replaying(id: replay.id)
                return .replayBoot(replay)
            } else {
                boot = .settled
            }
        }
        var target = primary
        var ends: String?
        let payload = Self.readsPayload(action) ? message.payload() : .null
        switch action {
        case "StopTransaction":
            ends = payload["transactionId"]?.identifierKey
            if let key = ends, let owner = memory.transactions[key] { target = owner }
        case "MeterValues":
            if let key = payload["transactionId"]?.identifierKey, let owner = memory.transactions[key] { target = owner }
        case "TransactionEvent":
            let key = payload["transactionInfo"]?["transactionId"]?.identifierKey
            let event = payload["eventType"]?.string
            if event == "Started", let key {
                memory.transactions[key] = primary
            } else if let key, let owner = memory.transactions[key] {
                target = owner
            }
            if event == "Ended" { ends = key }
        case "BootNotification":
            if case let .object(members) = payload, !members.isEmpty {
                memory.lastBoot = KnownBoot(subprotocol: subprotocol, payload: message.payloadText)
            }
        default:
            break
        }
        callsFromCharger[message.id] = ChargerCall(action: action, target: target, at: now, endsTransaction: ends)
        return .forward(target, message)
    }

    /// The charger's last boot as a CALL with an id of the proxy's, when it was sent in this
    /// connection's subprotocol (and its payload is still valid JSON: it may come from the state file).
    private mutating func replayableBoot() -> OCPPMessage? {
        guard let known = memory.lastBoot, known.subprotocol == subprotocol else { return nil }
        return try? OCPPMessage.parse("[2,\(JSONQuoting.quoted(nextProxyID())),\"BootNotification\",\(known.payload)]")
    }

    /// The actions whose payload decides routing, transactions or boots.
    static func readsPayload(_ action: String) -> Bool {
        switch action {
        case "StartTransaction", "StopTransaction", "MeterValues", "TransactionEvent", "BootNotification": true
        default: false
        }
    }
}
