extension KPICounter {
    /// What a CALL alone decides (counted at the CALL), and the CALL kept open for its answer.
    mutating func call(_ frame: Frame, _ charger: Int32, at time: Int64, _ text: JSONText) {
        let c = Int(charger)
        let action = Action.classify(frame.action!, from: frame.from, version: states[c].version, text)
        let payload = frame.payload
        var open = OpenCall(side: frame.from, action: action, time: time, serial: nextSerial, idStart: 0, idCount: 0)
        nextSerial += 1
        switch action {
        case .startTransaction:
            emit(.sessionAttempted, charger, at: time)
            open.start = TransactionStart(meterStart: text.decimal(text.member(payload, "meterStart")),
                                          timestamp: timestamp(text.member(payload, "timestamp"), text))
        case .transactionEvent:
            let eventType = text.member(payload, "eventType")
            if let eventType, text.equals(eventType, "Started") {
                emit(.sessionAttempted, charger, at: time)
                open.startsTransaction = true
            } else if let eventType, text.equals(eventType, "Ended") {
                emit(.sessionStopped, charger, at: time)
                if Self.isAbnormal(text.member(payload, "transactionInfo", "stoppedReason"), text) {
                    emit(.sessionStoppedAbnormally, charger, at: time)
                }
            }
        case .stopTransaction:
            emit(.sessionStopped, charger, at: time)
            if Self.isAbnormal(text.member(payload, "reason"), text) { emit(.sessionStoppedAbnormally, charger, at: time) }
            stopTransaction(payload, charger, at: time, text)
        case .meterValues:
            meterValues(payload, charger, text)
        case .statusNotification:
            let status: JSONRef? = switch states[c].version {
            case .v16: text.member(payload, "status")
            case .v201: text.member(payload, "connectorStatus")
            case .unknown: text.member(payload, "status") ?? text.member(payload, "connectorStatus")
            }
            if let status, text.equals(status, "Faulted") { emit(.statusFaulted, charger, at: time) }
        case .reset, .unlock, .changeAvailability, .remoteStart, .remoteStop, .triggerMessage:
            emit(.remoteRequested, charger, at: time)
            if action == .reset { emit(.remoteResetRequested, charger, at: time) }
            if action == .unlock { emit(.remoteUnlockRequested, charger, at: time) }
        case .boot, .other:
            break
        }
        let id = text.raw(frame.id)
        // The same sender reusing the id of its CALL still open: the earlier one can no longer be told
        // apart, so it is never answered.
        if let k = states[c].openCall(from: frame.from, id: id) {
            let earlier = states[c].calls.remove(at: k)
            if !earlier.expired { decideUnanswered(earlier, charger) }
        }
        states[c].append(open, id: id)
        deadlines.push(DeadlineQueue.Entry(deadline: time + Self.deadline, charger: charger, serial: open.serial))
    }

    /// OCPP.md's abnormal stop reasons (exact, case-sensitive). An absent reason is normal.
    static func isAbnormal(_ reason: JSONRef?, _ text: JSONText) -> Bool {
        text.isOne(reason, of: ["EmergencyStop", "PowerLoss", "Reboot", "HardReset", "SoftReset", "Other", "GroundFault",
                                "OvercurrentFault", "PowerQuality", "Timeout", "ImmediateReset"])
    }

    /// A payload timestamp; nil when missing or not a date-time (a missing zone is taken as UTC).
    func timestamp(_ ref: JSONRef?, _ text: JSONText) -> Int64? {
        guard let ref, ref.isString, !ref.escaped else { return nil }
        return Timestamp.parse(text.raw(ref), requireZone: false)
    }
}
