extension KPICounter {
    /// A CALLRESULT or CALLERROR: it pairs with the open CALL of the other side with the same id on this
    /// charger's connection. One with no such CALL is reported as a warning and pairs with nothing.
    mutating func answer(_ frame: Frame, _ charger: Int32, at time: Int64, line: Int, _ text: JSONText) {
        let c = Int(charger)
        if frame.kind == .error { emit(.callError, charger, at: time) }
        guard let k = states[c].openCall(from: frame.from.other, id: text.raw(frame.id)) else {
            let kind = frame.kind == .error ? "CALLERROR" : "CALLRESULT"
            notes.add(.orphanAnswer, line: line,
                      "\(kind) \(RecordParser(text.bytes).shown(frame.id)) from the \(frame.from == .csms ? "CSMS" : "charger") answers no open CALL of charger \(chargers.id(charger)) (the CALL was before the log, on an earlier connection, or already answered); it counts for nothing\(frame.kind == .error ? " but call.error" : "")")
            return
        }
        let call = states[c].calls.remove(at: k)
        // An answer after the deadline counts as no answer, whatever it says: the CALL was decided when it expired.
        if call.expired { return }
        if frame.kind == .error {
            if call.action == .remoteStart { emit(.sessionAttempted, charger, at: time) }
            return
        }
        answered(call, result: frame.payload, charger, at: time, text)
    }

    /// What a CALLRESULT in time decides.
    private mutating func answered(_ call: OpenCall, result: JSONRef, _ charger: Int32, at time: Int64, _ text: JSONText) {
        let status = text.member(result, "status")
        switch call.action {
        case .boot:
            if let status, text.equals(status, "Accepted") { emit(.bootAccepted, charger, at: time) }
            else if let status, text.equals(status, "Rejected") { emit(.bootRejected, charger, at: time) }
        case .startTransaction:
            if let s = text.member(result, "idTagInfo", "status"), text.equals(s, "Accepted") { emit(.sessionStarted, charger, at: time) }
            if let id = text.integer(text.member(result, "transactionId")), let start = call.start {
                var transaction = Transaction(start)
                transaction.serial = call.serial
                states[Int(charger)].start(transaction, id: id)
            }
        case .transactionEvent:
            guard call.startsTransaction else { break }
            if let info = text.member(result, "idTokenInfo") {
                if let s = text.member(info, "status"), text.equals(s, "Accepted") { emit(.sessionStarted, charger, at: time) }
            } else {
                emit(.sessionStarted, charger, at: time)
            }
        case .reset, .unlock, .changeAvailability, .remoteStart, .remoteStop, .triggerMessage:
            let succeeded = text.isOne(status, of: ["Accepted", "Unlocked", "Scheduled"])
            if succeeded {
                emit(.remoteSucceeded, charger, at: time)
                if call.action == .reset { emit(.remoteResetSucceeded, charger, at: time) }
                if call.action == .unlock { emit(.remoteUnlockSucceeded, charger, at: time) }
            }
            if call.action == .remoteStart, !(status.map { text.equals($0, "Accepted") } ?? false) {
                emit(.sessionAttempted, charger, at: time)
            }
        case .stopTransaction, .meterValues, .statusNotification, .other:
            break
        }
    }

    /// A CALL never answered in time: counted at CALL + 30 s. Only a remote start has something to count.
    mutating func decideUnanswered(_ call: OpenCall, _ charger: Int32) {
        if call.action == .remoteStart { emit(.sessionAttempted, charger, at: call.time + Self.deadline) }
    }
}
