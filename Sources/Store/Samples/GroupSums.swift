internal import GRDB

/// The direct sums of a group of chargers over [start, end): per metric and day the window touches, the
/// stored `total` and `n` of the days strictly inside it and the samples of its first and last day within
/// it. Each (day, metric) is read either by one seek per charger of the group or, when the group fills at
/// least a sixth of the range of its ids (a pilot of consecutive chargers, the chargers outside a control
/// group), by one scan of that range that skips the chargers outside the group: a seek costs several
/// times a step. Either way the sums are added in (day, charger) order for each metric.
struct GroupSums {
    let db: Database
    /// The group's sample charger ids, ascending.
    let chargers: [Int64]

    func sums(metrics: [Int64], from start: Int64, to end: Int64) throws -> [Int64: (Double, Double)] {
        guard let low = chargers.first, let high = chargers.last else { return [:] }
        let perDay = SampleWriter.microsPerDay
        let firstDay = SampleWriter.floorDiv(start, perDay), lastDay = SampleWriter.floorDiv(end - 1, perDay)
        let dense = chargers.count * 6 >= Int(high - low + 1)
        var member: [Bool] = []
        if dense {
            member = [Bool](repeating: false, count: Int(high - low + 1))
            for c in chargers { member[Int(c - low)] = true }
        }
        let scan = try RawStatement(db, "SELECT charger, total, n, samples FROM sample_chunks WHERE day = ? AND metric = ? AND charger BETWEEN ? AND ?")
        let seek = try RawStatement(db, "SELECT charger, total, n, samples FROM sample_chunks WHERE day = ? AND metric = ? AND charger = ?")
        var out: [Int64: (Double, Double)] = [:]
        for metric in metrics {
            var total = 0.0, count = 0.0
            for day in firstDay...lastDay {
                let whole = day > firstDay && day < lastDay || (day * perDay >= start && (day + 1) * perDay <= end)
                @inline(__always) func add(_ statement: RawStatement) {
                    if whole {
                        total += statement.double(1)
                        count += Double(statement.int64(2))
                    } else {
                        let (s, n) = SampleChunk.sum(statement.blob(3), day: day, from: start, to: end)
                        total += s
                        count += Double(n)
                    }
                }
                if dense {
                    scan.bind(1, day); scan.bind(2, metric); scan.bind(3, low); scan.bind(4, high)
                    while try scan.step() {
                        if member[Int(scan.int64(0) - low)] { add(scan) }
                    }
                } else {
                    for charger in chargers {
                        seek.bind(1, day); seek.bind(2, metric); seek.bind(3, charger)
                        if try seek.step() {
                            add(seek)
                            seek.reset()
                        }
                    }
                }
            }
            out[metric] = (total, count)
        }
        return out
    }
}
