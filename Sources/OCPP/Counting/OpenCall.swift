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
