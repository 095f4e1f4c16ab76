/// What a 1.6 StartTransaction said: `meterStart` and `timestamp` (nil when missing or not a number / date).
struct TransactionStart {
    var meterStart: ExactDecimal?
    var timestamp: Int64?
}

/// A 1.6 transaction the CSMS gave an id to, until its StopTransaction: what the CDR checks need.
struct Transaction {
    var meterStart: ExactDecimal?
    /// The last timestamp of the sequence (StartTransaction, MeterValues, transactionData, StopTransaction).
    var lastTimestamp: Int64?
    /// A timestamp was missing, not a date, or earlier than the one before it.
    var timestampsInconsistent = false
    /// The highest energy register value (Wh) seen for the transaction.
    var highestRegister: ExactDecimal?
    /// Which transaction of the log this is, in order of start (the oldest is forgotten first).
    var serial: UInt64 = 0

    init(_ start: TransactionStart) {
        meterStart = start.meterStart
        lastTimestamp = start.timestamp
        timestampsInconsistent = start.timestamp == nil
    }

    mutating func see(timestamp: Int64?) {
        guard let t = timestamp else { timestampsInconsistent = true; return }
        if let last = lastTimestamp, t < last { timestampsInconsistent = true }
        lastTimestamp = t
    }

    mutating func see(register: ExactDecimal) {
        if let h = highestRegister, h >= register { return }
        highestRegister = register
    }
}
