import Engine
import PostgresNIO

/// The fleet-wide sums (schema 4, `fleet_days` and `fleet_seconds`): per (metric, UTC day) the day's rollup totals of
/// every charger added in the order of their ids, and per (metric, second that has samples) the values of every
/// charger added in (charger id, time) order, each with its count. An import rewrites those of each day it added to
/// from the day it reads back anyway (`PostgresDayRollup`); `verify` recomputes them on the server with the SQL below
/// (the same order, so the same doubles) and compares them exactly. A group larger than half of the chargers with
/// samples is then answered as the fleet minus the chargers outside it (`PostgresGroupSums`), as the SQLite store does.
enum PostgresFleetSums {
    /// `metric, day, total, n` per (metric, day) of the rollups matching `condition` (on `sample_days`).
    static func daysFromRollups(where condition: String) -> String {
        "SELECT metric, day, sum(total ORDER BY charger), sum(n)::bigint FROM sample_days WHERE \(condition) GROUP BY metric, day"
    }

    /// `metric, second, total, n` per (metric, second) of the samples matching `condition` (on `samples`).
    static func secondsFromSamples(where condition: String) -> String {
        "SELECT metric, \(second("t")), sum(v ORDER BY charger, t), count(*) FROM samples WHERE \(condition) GROUP BY 1, 2"
    }

    /// floor(`t` / 1,000,000) in integer arithmetic.
    static func second(_ t: String) -> String { "(\(t) - ((\(t) % 1000000) + 1000000) % 1000000) / 1000000" }

    /// One day's sums, as the client computes them from the day's samples in key order.
    struct Day {
        var metric: [Int32] = [], dayTotal: [Double] = [], dayCount: [Int64] = []
        var secondMetric: [Int32] = [], second: [Int64] = [], secondTotal: [Double] = [], secondCount: [Int64] = []
    }

    /// From a day's (metric, charger) groups sorted by (metric, charger), each a range of `time` and `value` in time
    /// order with its sum.
    static func day(time: [Int64], value: [Double], groups: [PostgresDayRollup.Content.Group]) -> Day {
        var out = Day()
        var k = 0
        while k < groups.count {
            let metric = groups[k].metric
            var total = 0.0, n: Int64 = 0
            var seconds: [Int64: (Double, Int64)] = [:]
            while k < groups.count, groups[k].metric == metric {
                total += groups[k].total
                n += Int64(groups[k].range.count)
                for i in groups[k].range {
                    let s = PostgresSampleCopy.floorDiv(time[i], 1_000_000)
                    var part = seconds[s] ?? (0, 0)
                    part.0 += value[i]
                    part.1 += 1
                    seconds[s] = part
                }
                k += 1
            }
            out.metric.append(metric); out.dayTotal.append(total); out.dayCount.append(n)
            for (s, part) in seconds.sorted(by: { $0.key < $1.key }) {
                out.secondMetric.append(metric); out.second.append(s); out.secondTotal.append(part.0); out.secondCount.append(part.1)
            }
        }
        return out
    }

    /// Replaces the day's fleet-wide sums with `sums`.
    static func write(day: Int32, _ sums: Day, _ c: PostgresConnection) async throws {
        let log = c.logger
        let first = Int64(day) * 86_400, last = first + 86_400
        try await c.exec("DELETE FROM fleet_days WHERE day = \(day)", log)
        try await c.exec("DELETE FROM fleet_seconds WHERE second >= \(first) AND second < \(last)", log)
        guard !sums.metric.isEmpty else { return }
        try await c.exec("""
            INSERT INTO fleet_days (metric, day, total, n)
            SELECT m, \(day), t, n FROM unnest(\(sums.metric)::int[], \(sums.dayTotal)::float8[], \(sums.dayCount)::bigint[]) AS u(m, t, n)
            """, log)
        try await c.exec("""
            INSERT INTO fleet_seconds (metric, second, total, n)
            SELECT * FROM unnest(\(sums.secondMetric)::int[], \(sums.second)::bigint[], \(sums.secondTotal)::float8[], \(sums.secondCount)::bigint[])
            """, log)
    }

    /// For `verify`: the first fleet-wide sum that is not what the rollups and samples give (recomputed on the server,
    /// compared exactly), or nil.
    static func firstMismatch(_ c: PostgresConnection) async throws -> String? {
        let log = c.logger
        if let row = try await c.rows(PostgresQuery(unsafeSQL: """
            SELECT coalesce(m.name, '#' || coalesce(f.metric, r.metric)), coalesce(f.day, r.day), f.total, f.n, r.total, r.n
            FROM fleet_days f FULL JOIN (\(daysFromRollups(where: "TRUE"))) AS r(metric, day, total, n) ON r.metric = f.metric AND r.day = f.day
            LEFT JOIN metric_names m ON m.id = coalesce(f.metric, r.metric)
            WHERE f.total IS DISTINCT FROM r.total OR f.n IS DISTINCT FROM r.n
            ORDER BY 2, 1 LIMIT 1
            """), log).first {
            let (metric, day, total, n, want, wantN) = try row.decode((String, Int32, Double?, Int64?, Double?, Int64?).self)
            return "the fleet-wide sum of metric \(metric) on day \(PostgresDayDigest.dayText(Int64(day))) is \(text(total, n)), but its chargers' rollups give \(text(want, wantN))"
        }
        if let row = try await c.rows(PostgresQuery(unsafeSQL: """
            SELECT coalesce(m.name, '#' || coalesce(f.metric, r.metric)), coalesce(f.second, r.second), f.total, f.n, r.total, r.n
            FROM fleet_seconds f FULL JOIN (\(secondsFromSamples(where: "TRUE"))) AS r(metric, second, total, n) ON r.metric = f.metric AND r.second = f.second
            LEFT JOIN metric_names m ON m.id = coalesce(f.metric, r.metric)
            WHERE f.total IS DISTINCT FROM r.total OR f.n IS DISTINCT FROM r.n
            ORDER BY 2, 1 LIMIT 1
            """), log).first {
            let (metric, second, total, n, want, wantN) = try row.decode((String, Int64, Double?, Int64?, Double?, Int64?).self)
            let at = PostgresStore.formatTime(second * 1_000_000)
            return "the fleet-wide sum of metric \(metric) in the second at \(at) is \(text(total, n)), but the samples give \(text(want, wantN))"
        }
        return nil
    }

    private static func text(_ total: Double?, _ n: Int64?) -> String {
        guard let total, let n else { return "missing" }
        return "\(PostgresStore.format(total)) over \(n) samples"
    }
}
