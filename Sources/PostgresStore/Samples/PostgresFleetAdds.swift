import PostgresNIO

/// What an import adds to the fleet-wide sums (`fleet_days`, `fleet_seconds`), gathered and added to the stored sums
/// exactly as the SQLite store's `SampleWriter` does, so that both stores hold the same doubles after the same
/// imports: per written batch, the rows in (day, charger) order, each metric's newly stored samples of a row summed
/// in time order from 0 and that sum added to its (metric, day); each newly stored value added to its (metric,
/// second); the gathered sums added to the stored ones (`total + excluded.total`) when the batch ends, or earlier,
/// after a row, once more than 2^18 (metric, second) sums are gathered. With integer values any order gives the
/// same sums; with fractional values the order is what makes them equal to the last bit (`PostgresFractionalSumTests`).
struct PostgresFleetAdds {
    /// The SQLite store's `SampleWriter` adds its gathered sums once it holds more per-second sums than this.
    static let secondsHeld = 1 << 18

    struct Sums {
        var index: [Int64: Int] = [:]
        var metric: [Int32] = [], bucket: [Int64] = [], total: [Double] = [], n: [Int64] = []

        @inline(__always) mutating func add(metric m: Int32, bucket b: Int64, total t: Double, n c: Int64) {
            let key = Int64(m) << 42 | (b + (1 << 41))
            if let k = index[key] {
                total[k] += t
                n[k] += c
            } else {
                index[key] = metric.count
                metric.append(m); bucket.append(b); total.append(0 + t); n.append(c)
            }
        }
    }

    /// Gathered parts, each added to the stored sums in turn.
    private(set) var parts: [(days: Sums, seconds: Sums)] = []
    private var days = Sums(), seconds = Sums()

    /// A row's newly stored samples, sorted by (metric, time).
    mutating func add(day: Int32, m: ArraySlice<Int32>, t: ArraySlice<Int64>, v: ArraySlice<Double>) {
        var i = m.startIndex
        while i < m.endIndex {
            let metric = m[i]
            var total = 0.0
            var j = i
            while j < m.endIndex, m[j] == metric {
                total += v[j]
                seconds.add(metric: metric, bucket: PostgresSampleCopy.floorDiv(t[j], 1_000_000), total: v[j], n: 1)
                j += 1
            }
            days.add(metric: metric, bucket: Int64(day), total: total, n: Int64(j - i))
            i = j
        }
        if seconds.metric.count > Self.secondsHeld { cut() }
    }

    /// One sample's change (a grown frame log's replacement): `delta` and `n` added to its day's and second's sums.
    mutating func change(metric: Int32, day: Int32, second: Int64, by delta: Double, n: Int64) {
        days.add(metric: metric, bucket: Int64(day), total: delta, n: n)
        seconds.add(metric: metric, bucket: second, total: delta, n: n)
    }

    /// Ends the batch's current part.
    mutating func cut() {
        guard !days.metric.isEmpty || !seconds.metric.isEmpty else { return }
        parts.append((days, seconds))
        days = Sums()
        seconds = Sums()
    }

    /// Adds the gathered parts to the stored sums, in order (each stored total plus the part's, as SQLite's
    /// `total + excluded.total`), and starts afresh.
    mutating func write(_ c: PostgresConnection) async throws {
        cut()
        for (days, seconds) in parts {
            if !days.metric.isEmpty {
                try await c.exec("""
                    INSERT INTO fleet_days (metric, day, total, n)
                    SELECT * FROM unnest(\(days.metric)::int[], \(days.bucket.map { Int32(truncatingIfNeeded: $0) })::int[], \(days.total)::float8[], \(days.n)::bigint[])
                    ON CONFLICT (metric, day) DO UPDATE SET total = fleet_days.total + excluded.total, n = fleet_days.n + excluded.n
                    """, c.logger)
            }
            if !seconds.metric.isEmpty {
                try await c.exec("""
                    INSERT INTO fleet_seconds (metric, second, total, n)
                    SELECT * FROM unnest(\(seconds.metric)::int[], \(seconds.bucket)::bigint[], \(seconds.total)::float8[], \(seconds.n)::bigint[])
                    ON CONFLICT (metric, second) DO UPDATE SET total = fleet_seconds.total + excluded.total, n = fleet_seconds.n + excluded.n
                    """, c.logger)
            }
        }
        parts.removeAll()
    }
}
