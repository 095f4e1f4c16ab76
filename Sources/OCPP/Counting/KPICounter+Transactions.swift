extension KPICounter {
    /// 1.6 MeterValues of a transaction the counter follows: its timestamps and energy registers.
    mutating func meterValues(_ payload: JSONRef, _ charger: Int32, _ text: JSONText) {
        guard let id = text.integer(text.member(payload, "transactionId")),
              var tx = states[Int(charger)].transactions[id] else { return }
        read(meterValues: text.member(payload, "meterValue"), into: &tx, text)
        states[Int(charger)].transactions[id] = tx
    }

    /// 1.6 StopTransaction: the CDR checks of its transaction, if the counter saw it start (counted here).
    mutating func stopTransaction(_ payload: JSONRef, _ charger: Int32, at time: Int64, _ text: JSONText) {
        guard let id = text.integer(text.member(payload, "transactionId")),
              var tx = states[Int(charger)].transactions.removeValue(forKey: id) else { return }
        read(meterValues: text.member(payload, "transactionData"), into: &tx, text)
        tx.see(timestamp: timestamp(text.member(payload, "timestamp"), text))
        emit(.cdrChecked, charger, at: time)
        let meterStop = text.decimal(text.member(payload, "meterStop"))
        var mismatched = tx.timestampsInconsistent
        if let stop = meterStop, let start = tx.meterStart {
            if stop < start { mismatched = true }
            if let high = tx.highestRegister, high > stop { mismatched = true }
        } else {
            mismatched = true  // a CDR without a readable meterStart or meterStop cannot be consistent
        }
        if mismatched {
            emit(.cdrMismatched, charger, at: time)
        } else if let stop = meterStop, let start = tx.meterStart, let energy = stop.subtracting(start) {
            emit(.energyWh, charger, at: time, value: energy.doubleValue)
        }
    }

    /// Timestamps and energy registers of a `meterValue` / `transactionData` array, in order.
    private func read(meterValues array: JSONRef?, into tx: inout Transaction, _ text: JSONText) {
        guard let array else { return }
        text.forEachElement(array) { meterValue in
            tx.see(timestamp: timestamp(text.member(meterValue, "timestamp"), text))
            guard let sampled = text.member(meterValue, "sampledValue") else { return }
            text.forEachElement(sampled) { sample in
                if let register = Self.register(sample, text) { tx.see(register: register) }
            }
        }
    }

    /// The Wh of an energy register sample: measurand Energy.Active.Import.Register (absent = that), unit
    /// Wh (absent = Wh) or kWh × 1000 exactly; nil for other measurands or units, or a value that is not
    /// a decimal number (e.g. format SignedData).
    static func register(_ sample: JSONRef, _ text: JSONText) -> ExactDecimal? {
        if let m = text.member(sample, "measurand"), !text.equals(m, "Energy.Active.Import.Register") { return nil }
        guard let value = text.decimal(text.member(sample, "value")) else { return nil }
        guard let unit = text.member(sample, "unit") else { return value }
        if text.equals(unit, "Wh") { return value }
        if text.equals(unit, "kWh") { return value.scaled(by: 3) }
        return nil
    }
}
