internal import GRDB

/// `verify`'s check of the fleet-wide sums (`fleet_days`, `fleet_seconds`) of a day against its chunks.
/// Counts must be equal; sums equal up to the rounding of adding the same numbers in another order
/// (a relative 1e-9; a tampered sum is off by far more).
struct FleetSums {
    /// The sums of one day's chunks, per metric and per (metric, second).
    struct Day {
        var days: [Int64: (total: Double, n: Int64)] = [:]
        var seconds = SumTable(capacity: 1 << 12)

        mutating func add(_ row: SampleDayDigest.Chunk, _ samples: [(time: Int64, value: Double)]) {
            days[row.metric, default: (0, 0)].total += row.total
            days[row.metric, default: (0, 0)].n += row.n
            for s in samples {
                seconds.add(SumTable.key(metric: row.metric, bucket: SampleWriter.floorDiv(s.time, 1_000_000)), total: s.value, count: 1)
            }
        }
    }

    private let daysOf: RawStatement
    private let secondsOf: RawStatement
    private let metrics: [Int64]

    init(db: Database) throws {
        daysOf = try RawStatement(db, "SELECT metric, total, n FROM fleet_days WHERE day = ?")
        secondsOf = try RawStatement(db, "SELECT metric, second, total, n FROM fleet_seconds WHERE metric = ? AND second >= ? AND second < ?")
        metrics = try Int64.fetchAll(db, sql: "SELECT id FROM metric_names ORDER BY id")
    }

    /// What differs between the stored fleet sums of `day` and `sums`, or nil.
    func difference(day: Int64, from sums: Day) throws -> String? {
        let name = ISOTimeText.day(day)
        var stored: [Int64: (total: Double, n: Int64)] = [:]
        daysOf.bind(1, day)
        while try daysOf.step() { stored[daysOf.int64(0)] = (daysOf.double(1), daysOf.int64(2)) }
        for metric in Set(stored.keys).union(sums.days.keys) {
            let a = stored[metric] ?? (0, 0), b = sums.days[metric] ?? (0, 0)
            if a.n != b.n || !Self.close(a.total, b.total) {
                return "the sample tables are inconsistent: the fleet-wide sum of metric \(metric) on \(name) is \(a.total) over \(a.n) samples, but its chunks hold \(b.total) over \(b.n)"
            }
        }
        var expected: [Int64: (total: Double, n: Int64)] = [:]
        for entry in sums.seconds.sorted() { expected[entry.key] = (entry.total, entry.count) }
        var seen = 0
        for metric in metrics {
        secondsOf.bind(1, metric); secondsOf.bind(2, day * 86_400); secondsOf.bind(3, (day + 1) * 86_400)
        while try secondsOf.step() {
            let key = SumTable.key(metric: secondsOf.int64(0), bucket: secondsOf.int64(1))
            let want = expected[key] ?? (0, 0)
            if want.n != secondsOf.int64(3) || !Self.close(secondsOf.double(2), want.total) {
                secondsOf.reset()
                return "the sample tables are inconsistent: the fleet-wide sum of metric \(SumTable.metric(of: key)) at second \(SumTable.bucket(of: key)) (\(name)) does not match its chunks"
            }
            seen += 1
        }
        }
        if seen != expected.count { return "the sample tables are inconsistent: fleet-wide per-second sums of \(name) are missing" }
        return nil
    }

    static func close(_ a: Double, _ b: Double) -> Bool {
        a == b || abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
    }
}
