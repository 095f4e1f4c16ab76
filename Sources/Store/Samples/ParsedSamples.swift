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

    private var metricIndex: [String: Int32] = [:]
    private var chargerIndex: [String: Int32] = [:]

    var count: Int { time.count }

    mutating func append(time t: Int64, charger c: UnsafeBufferPointer<UInt8>, metric m: UnsafeBufferPointer<UInt8>,
                         value v: Double, line l: Int) {
        let chargerID = String(decoding: c, as: UTF8.self)
        let metricName = String(decoding: m, as: UTF8.self)
        let ci: Int32
        if let known = chargerIndex[chargerID] { ci = known } else {
            ci = Int32(chargerIDs.count); chargerIDs.append(chargerID); chargerIndex[chargerID] = ci
        }
        let mi: Int32
        if let known = metricIndex[metricName] { mi = known } else {
            mi = Int32(metricNames.count); metricNames.append(metricName); metricIndex[metricName] = mi
        }
        metric.append(mi); charger.append(ci); time.append(t); value.append(v); line.append(Int32(truncatingIfNeeded: l))
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
