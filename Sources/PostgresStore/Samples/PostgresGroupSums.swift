import Engine
import Gates
import PostgresNIO

/// The sums and counts of a group of chargers over a window, in one statement, on the SQLite store's paths
/// (docs/metrics.md, "Totals for a gate"):
///
/// - **directly** for a group of at most 64 chargers with samples or of at most half of the chargers with samples, or
///   when the window does not start and end on whole seconds: per metric, a whole day's stored sum or an edge day's
///   samples inside the window added in time order, added on the server in the order the SQLite store adds them (days
///   in order, each day's chargers in the order of their ids). PostgreSQL's `sum(float8)` adds left to right in the
///   aggregate's order, as Swift's `+=` does, so these doubles are the same bit for bit.
/// - **as the fleet minus the rest** for a larger group (the control group of `compare_to`: the rest of the fleet):
///   the fleet-wide sums (`fleet_seconds` for the parts of the edge days inside the window, `fleet_days` for the
///   whole days between, `PostgresFleetSums`) minus the direct sums of the chargers with samples outside the group,
///   so the server reads a few hundred fleet rows and the small side's rows instead of the large group's.
///
/// Counts are exact on either path. Sums of integer values (every built-in metric counts events) are exact in any
/// order below 2^53, so both stores give the same numbers; with fractional values the fleet path's last bits can
/// differ from the SQLite store's, whose fleet-wide sums add import by import.
enum PostgresGroupSums {
    /// The SQLite store's rule (`SampleQuery`): more than 64 chargers with samples and more than half of them.
    static let complementAbove = 64

    static func totals(of names: [String], chargers: [String], from start: Int64, to end: Int64,
                       _ c: PostgresConnection) async throws -> SampleTotals {
        var result = SampleTotals()
        for name in names {
            result.sums[name] = 0
            result.counts[name] = 0
        }
        guard start < end, !names.isEmpty, !chargers.isEmpty else { return result }
        let perDay = PostgresSampleCopy.microsPerDay
        let firstDay = PostgresSampleCopy.floorDiv(start, perDay), lastDay = PostgresSampleCopy.floorDiv(end - 1, perDay)
        func whole(_ day: Int64) -> Bool { day * perDay >= start && (day + 1) * perDay <= end }
        let edges = Array(Set([firstDay, lastDay].filter { !whole($0) })).map { Int32($0) }
        let wholeFirst = Int32(whole(firstDay) ? firstDay : firstDay + 1), wholeLast = Int32(whole(lastDay) ? lastDay : lastDay - 1)
        // The fleet's parts: seconds [s, d0 · 86400), days [d0, d1), seconds [d1 · 86400, e); or seconds [s, e) alone.
        let wholeSeconds = start % 1_000_000 == 0 && end % 1_000_000 == 0
        let s = PostgresSampleCopy.floorDiv(start, 1_000_000), e = PostgresSampleCopy.floorDiv(end, 1_000_000)
        let d0 = PostgresSampleCopy.floorDiv(start + perDay - 1, perDay), d1 = PostgresSampleCopy.floorDiv(end, perDay)
        let days = d0 < d1
        let before = days ? (s, d0 * 86_400) : (s, e), after = days ? (d1 * 86_400, e) : (e, e)
        let rows = try await c.query("""
            WITH m AS (SELECT id, name FROM metric_names WHERE name = ANY(\(Array(Set(names)))::text[])),
            g AS (SELECT id FROM sample_chargers WHERE charger = ANY(\(chargers)::text[])),
            mode AS (
                SELECT k, \(wholeSeconds) AND k > \(complementAbove) AND k * 2 > (SELECT count(*) FROM sample_chargers) AS complement
                FROM (SELECT count(*) AS k FROM g) n
            ),
            ch AS (
                SELECT id FROM g WHERE NOT (SELECT complement FROM mode)
                UNION ALL
                SELECT id FROM sample_chargers WHERE (SELECT complement FROM mode) AND id NOT IN (SELECT id FROM g)
            ),
            parts AS (
                SELECT metric, day, charger, total, n FROM sample_days
                WHERE metric IN (SELECT id FROM m) AND charger IN (SELECT id FROM ch) AND day >= \(wholeFirst) AND day <= \(wholeLast)
                UNION ALL
                SELECT metric, day, charger, sum(v ORDER BY t), count(*) FROM samples
                WHERE day = ANY(\(edges)::int[]) AND metric IN (SELECT id FROM m) AND charger IN (SELECT id FROM ch) AND t >= \(start) AND t < \(end)
                GROUP BY metric, day, charger
            ),
            direct AS (SELECT metric, sum(total ORDER BY day, charger) AS total, sum(n)::bigint AS n FROM parts GROUP BY metric),
            fleet AS (
                SELECT metric, sum(total ORDER BY part, at) AS total, sum(n)::bigint AS n FROM (
                    SELECT metric, 0 AS part, second AS at, total, n FROM fleet_seconds
                    WHERE metric IN (SELECT id FROM m) AND second >= \(before.0) AND second < \(before.1)
                    UNION ALL
                    SELECT metric, 1, day, total, n FROM fleet_days
                    WHERE metric IN (SELECT id FROM m) AND day >= \(Int32(truncatingIfNeeded: d0)) AND day < \(Int32(truncatingIfNeeded: d1))
                    UNION ALL
                    SELECT metric, 2, second, total, n FROM fleet_seconds
                    WHERE metric IN (SELECT id FROM m) AND second >= \(after.0) AND second < \(after.1)
                ) f WHERE (SELECT complement FROM mode) GROUP BY metric
            )
            SELECT m.name, mode.k, mode.complement, fleet.total, fleet.n, direct.total, direct.n
            FROM m CROSS JOIN mode LEFT JOIN fleet ON fleet.metric = m.id LEFT JOIN direct ON direct.metric = m.id
            """, logger: c.logger)
        for try await (name, k, complement, fleetTotal, fleetCount, directTotal, directCount)
            in rows.decode((String, Int64, Bool, Double?, Int64?, Double?, Int64?).self) {
            guard k > 0, fleetTotal != nil || directTotal != nil else { continue }
            // As the SQLite store adds them: from 0, the fleet's part, then minus the rest's (or plus the group's).
            let sign: Double = complement ? -1 : 1
            var sum = 0.0, count = 0.0
            if complement, let fleetTotal, let fleetCount {
                sum += fleetTotal
                count += Double(fleetCount)
            }
            if let directTotal, let directCount {
                sum += sign * directTotal
                count += sign * Double(directCount)
            }
            result.sums[name] = sum
            result.counts[name] = Int(count.rounded())
        }
        return result
    }
}
