/// The samples of one file, column by column, with names and charger ids interned to file-local indexes.
struct ParsedSamples {
    var metricNames: [String] = []
    var chargerIDs: [String] = []
    var metric: [Int32] = []
    var charger: [Int32] = []
    /// Microseconds since 1970 UTC.
    var time: [Int64] = []
    var value: [Double] = []
    /// The line of the file each sample came from (1-based), for messages.
    var line: [Int32] = []

    private var metricInterner = ByteInterner()
    private var chargerInterner = ByteInterner()

    var count: Int { time.count }

    /// Reserves room for about `samples` samples (a guess from the file's size).
    mutating func reserve(_ samples: Int) {
        metric.reserveCapacity(samples); charger.reserveCapacity(samples); time.reserveCapacity(samples)
        value.reserveCapacity(samples); line.reserveCapacity(samples)
    }

    /// Adds a sample; a charger id or metric name seen for the first time is checked by `check` first.
    @inline(__always)
    mutating func append(time t: Int64, charger c: UnsafeBufferPointer<UInt8>, metric m: UnsafeBufferPointer<UInt8>,
                         value v: Double, line l: Int, check: (UnsafeBufferPointer<UInt8>, String) throws -> Void) rethrows {
        let ci = chargerInterner.intern(c)
        if ci.isNew {
            try check(c, "charger")
            chargerIDs.append(chargerInterner.key(ci.index))
        }
        let mi = metricInterner.intern(m)
        if mi.isNew {
            try check(m, "metric")
            metricNames.append(metricInterner.key(mi.index))
        }
        metric.append(mi.index); charger.append(ci.index); time.append(t); value.append(v); line.append(Int32(truncatingIfNeeded: l))
    }

    /// Appends `other`'s samples after these, mapping its names and charger ids onto these.
    mutating func append(contentsOf other: ParsedSamples) {
        func remap(_ names: [String], _ interner: inout ByteInterner, _ list: inout [String]) -> [Int32] {
            names.map { name in
                var bytes = Array(name.utf8)
                let (index, isNew) = bytes.withUnsafeMutableBufferPointer { interner.intern(UnsafeBufferPointer($0)) }
                if isNew { list.append(name) }
                return index
            }
        }
        let metricMap = remap(other.metricNames, &metricInterner, &metricNames)
        let chargerMap = remap(other.chargerIDs, &chargerInterner, &chargerIDs)
        metric.reserveCapacity(count + other.count)
        charger.reserveCapacity(count + other.count)
        for i in 0..<other.count {
            metric.append(metricMap[Int(other.metric[i])])
            charger.append(chargerMap[Int(other.charger[i])])
        }
        time.append(contentsOf: other.time)
        value.append(contentsOf: other.value)
        line.append(contentsOf: other.line)
    }

    /// The samples whose charger `keep` accepts.
    func filtered(keepingCharger keep: (Int32) -> Bool) -> ParsedSamples {
        var out = self
        out.metric = []; out.charger = []; out.time = []; out.value = []; out.line = []
        for i in 0..<count where keep(charger[i]) {
            out.metric.append(metric[i]); out.charger.append(charger[i]); out.time.append(time[i])
            out.value.append(value[i]); out.line.append(line[i])
        }
        return out
    }
}
