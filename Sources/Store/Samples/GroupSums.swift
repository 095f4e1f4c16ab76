internal import GRDB

/// The direct sums of a group of chargers over [start, end): per day the window touches, each charger's row (all its
/// metrics, `ChargerDay`): the stored `total` and `n` of the metrics asked for on the days strictly inside the
/// window, and their samples within it on its first and last day. Each day is read either by one seek per charger
/// of the group or, when the group fills at least a sixth of the range of its ids (a pilot of consecutive chargers,
/// the chargers outside a control group), by one scan of that range that skips the chargers outside the group: a
/// seek costs several times a step. Either way each metric's sums are added in (day, charger) order.
struct GroupSums {
    let db: Database
    /// The group's sample charger ids, ascending.
    let chargers: [Int64]

    func sums(metrics: [Int64], from start: Int64, to end: Int64) throws -> [Int64: (Double, Double)] {
        guard let low = chargers.first, let high = chargers.last, let maxMetric = metrics.max(), maxMetric >= 0 else { return [:] }
        let perDay = SampleWriter.microsPerDay
        let firstDay = SampleWriter.floorDiv(start, perDay), lastDay = SampleWriter.floorDiv(end - 1, perDay)
        let dense = chargers.count * 6 >= Int(high - low + 1)
        var member: [Bool] = []
        if dense {
            member = [Bool](repeating: false, count: Int(high - low + 1))
            for c in chargers { member[Int(c - low)] = true }
        }
        // Per metric id: its slot in the sums, or -1 when not asked for.
        var slot = [Int](repeating: -1, count: Int(maxMetric) + 1)
        for (k, m) in metrics.enumerated() where m >= 0 { slot[Int(m)] = k }
        var totals = [Double](repeating: 0, count: metrics.count), counts = [Double](repeating: 0, count: metrics.count)
        let scan = try RawStatement(db, "SELECT charger, data FROM sample_rows WHERE day = ? AND charger BETWEEN ? AND ?")
        let seek = try RawStatement(db, "SELECT data FROM sample_rows WHERE day = ? AND charger = ?")
        for day in firstDay...lastDay {
            let whole = day > firstDay && day < lastDay || (day * perDay >= start && (day + 1) * perDay <= end)
            @inline(__always) func add(_ data: UnsafeRawBufferPointer) {
                _ = ChargerDay.forEach(data, day: day) { section in
                    guard section.metric <= maxMetric else { return }
                    let k = slot[Int(section.metric)]
                    guard k >= 0 else { return }
                    if whole {
                        totals[k] += section.total
                        counts[k] += Double(section.n)
                    } else {
                        let (s, n) = SampleChunk.sum(section.samples, day: day, from: start, to: end)
                        totals[k] += s
                        counts[k] += Double(n)
                    }
                }
            }
            if dense {
                scan.bind(1, day); scan.bind(2, low); scan.bind(3, high)
                while try scan.step() {
                    if member[Int(scan.int64(0) - low)] { add(scan.blob(1)) }
                }
            } else {
                for charger in chargers {
                    seek.bind(1, day); seek.bind(2, charger)
                    if try seek.step() {
                        add(seek.blob(0))
                        seek.reset()
                    }
                }
            }
        }
        var out: [Int64: (Double, Double)] = [:]
        for (k, m) in metrics.enumerated() { out[m] = (totals[k], counts[k]) }
        return out
    }
}
