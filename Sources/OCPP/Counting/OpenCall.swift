/// A CALL waiting for its answer, with what deciding it will need.
struct OpenCall {
    var side: Side
    var action: Action
    var time: Int64
    /// Unique within the log, so the deadline queue can tell whether this CALL is still open.
    var serial: UInt64
    /// The message id, as bytes in the charger's id arena.
    var idStart: Int32
    var idCount: Int32
    /// Past its deadline and decided as unanswered; kept only so that a late answer pairs with it.
    var expired = false
    /// For a 1.6 StartTransaction: what its transaction will be checked against, once the answer gives its id.
    var start: TransactionStart?
    /// For a 2.0.1 TransactionEvent: whether it is the `Started` one.
    var startsTransaction = false
}

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
