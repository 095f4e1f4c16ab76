/// A CALL open where a read stopped whose deadline had not passed: a longer log decides it (docs/ocpp.md).
public struct UndecidedCall: Equatable, Sendable {
    public var charger: String
    /// Who sent it.
    public var from: Side
    /// Its message id (as sent, decoded from the log's bytes).
    public var id: String
    /// The CALL's time (µs since 1970 UTC); its deadline is 30 s later.
    public var time: Int64
}

extension KPICounter {
    /// The CALLs open now whose deadline has not passed, in charger then sending order; at most `limit`.
    public func undecidedCallList(limit: Int) -> [UndecidedCall] {
        var out: [UndecidedCall] = []
        for (index, state) in states.enumerated() {
            for call in state.calls where !call.expired {
                guard out.count < limit else { return out }
                let bytes = state.idArena[Int(call.idStart)..<Int(call.idStart + call.idCount)]
                out.append(UndecidedCall(charger: chargerID(Int32(index)), from: call.side,
                                         id: String(decoding: bytes, as: UTF8.self), time: call.time))
            }
        }
        return out
    }
}
