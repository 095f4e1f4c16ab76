/// The samples an import holds before writing them: at most `capacity` (so memory is bounded whatever the
/// input's size), with store ids, 24 bytes each (the line a sample came from is found again by reading the
/// file in the rare case a message needs it). `order()` gives them in store-key order: UTC day, charger,
/// metric, time, then arrival.
struct SampleBuffer {
    let capacity: Int
    private(set) var metric: [Int32] = []
    private(set) var charger: [Int32] = []
    /// Microseconds since 1970 UTC.
    private(set) var time: [Int64] = []
    private(set) var value: [Double] = []

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { time.count }
    var isFull: Bool { time.count >= capacity }

    @inline(__always)
    mutating func append(metric m: Int32, charger c: Int32, time t: Int64, value v: Double) {
        if time.isEmpty {
            metric.reserveCapacity(capacity); charger.reserveCapacity(capacity); time.reserveCapacity(capacity)
            value.reserveCapacity(capacity)
        }
        metric.append(m); charger.append(c); time.append(t); value.append(v)
    }

    @inline(__always) func day(_ i: Int) -> Int64 { SampleWriter.floorDiv(time[i], SampleWriter.microsPerDay) }

    /// Keeps only the samples at `kept` (indexes, ascending), in that order, and drops the rest.
    mutating func keep(_ kept: [Int32]) {
        for (k, i) in kept.enumerated() {
            let i = Int(i)
            metric[k] = metric[i]; charger[k] = charger[i]; time[k] = time[i]; value[k] = value[i]
        }
        let n = kept.count
        metric.removeSubrange(n...); charger.removeSubrange(n...); time.removeSubrange(n...); value.removeSubrange(n...)
    }

    /// The indexes in key order. A counting sort by (day, charger, metric) keeps each key's samples in
    /// arrival order, which is usually time order already; a key whose samples are not is sorted on its own.
    /// Too many keys for a table: a comparison sort.
    func order() -> [Int32] {
        let n = count
        guard n > 0 else { return [] }
        var minDay = Int64.max, maxDay = Int64.min
        var maxMetric: Int32 = 0, maxCharger: Int32 = 0
        for i in 0..<n {
            let d = day(i)
            minDay = min(minDay, d); maxDay = max(maxDay, d)
            maxMetric = max(maxMetric, metric[i]); maxCharger = max(maxCharger, charger[i])
        }
        func before(_ a: Int32, _ b: Int32) -> Bool {
            let i = Int(a), j = Int(b)
            let di = day(i), dj = day(j)
            if di != dj { return di < dj }
            if charger[i] != charger[j] { return charger[i] < charger[j] }
            if metric[i] != metric[j] { return metric[i] < metric[j] }
            if time[i] != time[j] { return time[i] < time[j] }
            return a < b
        }
        // Dense ranks of the ids present, so that the table has a slot per key that can occur.
        var metricRank = [Int32](repeating: -1, count: Int(maxMetric) + 1)
        var chargerRank = [Int32](repeating: -1, count: Int(maxCharger) + 1)
        for i in 0..<n { metricRank[Int(metric[i])] = 0; chargerRank[Int(charger[i])] = 0 }
        var metrics = 0, chargers = 0
        for k in metricRank.indices where metricRank[k] == 0 { metricRank[k] = Int32(metrics); metrics += 1 }
        for k in chargerRank.indices where chargerRank[k] == 0 { chargerRank[k] = Int32(chargers); chargers += 1 }
        let days = Int(maxDay - minDay) + 1
        let (keys, overflow) = days.multipliedReportingOverflow(by: metrics * chargers)
        guard !overflow, keys <= max(1 << 20, n) else {
            return (0..<Int32(n)).sorted(by: before)
        }
        @inline(__always) func key(_ i: Int) -> Int {
            (Int(day(i) - minDay) * chargers + Int(chargerRank[Int(charger[i])])) * metrics + Int(metricRank[Int(metric[i])])
        }
        // One array: first the start of each key's run, then (after placing) its end.
        var ends = [Int32](repeating: 0, count: keys + 1)
        for i in 0..<n { ends[key(i) + 1] += 1 }
        for k in 0..<keys { ends[k + 1] += ends[k] }
        var out = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let k = key(i)
            out[Int(ends[k])] = Int32(i)
            ends[k] += 1
        }
        for k in 0..<keys where ends[k] - (k == 0 ? 0 : ends[k - 1]) > 1 {
            let range = Int(k == 0 ? 0 : ends[k - 1])..<Int(ends[k])
            var ordered = true
            for p in (range.lowerBound + 1)..<range.upperBound where time[Int(out[p])] < time[Int(out[p - 1])] { ordered = false; break }
            if !ordered { out[range].sort(by: before) }
        }
        return out
    }
}
