import Engine
import Gates
import PostgresNIO

/// The sums and counts of a group of chargers over a window, in one statement: the same parts as
/// `PostgresSampleQuery.parts` (a whole day's stored sum, or an edge day's samples inside the window added in time
/// order), added on the server per metric in the order the SQLite store adds them (days in order, each day's
/// chargers in the order of their ids). PostgreSQL's `sum(float8)` adds left to right in the aggregate's order,
/// as Swift's `+=` does, so the doubles are the same bit for bit; only the rows per metric travel.
enum PostgresGroupSums {
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
        let rows = try await c.query("""
            WITH m AS (SELECT id, name FROM metric_names WHERE name = ANY(\(Array(Set(names)))::text[])),
            ch AS (SELECT id FROM sample_chargers WHERE charger = ANY(\(chargers)::text[])),
            parts AS (
                SELECT metric, day, charger, total, n FROM sample_days
                WHERE metric IN (SELECT id FROM m) AND charger IN (SELECT id FROM ch) AND day >= \(wholeFirst) AND day <= \(wholeLast)
                UNION ALL
                SELECT metric, day, charger, sum(v ORDER BY t), count(*) FROM samples
                WHERE day = ANY(\(edges)::int[]) AND metric IN (SELECT id FROM m) AND charger IN (SELECT id FROM ch) AND t >= \(start) AND t < \(end)
                GROUP BY metric, day, charger
            )
            SELECT m.name, sum(p.total ORDER BY p.day, p.charger), sum(p.n)::bigint FROM parts p JOIN m ON m.id = p.metric GROUP BY m.name
            """, logger: c.logger)
        for try await (name, total, n) in rows.decode((String, Double, Int64).self) {
            // 0 + the sum, as the store's += from 0: a sum of only -0.0 parts is 0.0 there too.
            result.sums[name] = 0 + total
            result.counts[name] = Int(n)
        }
        return result
    }
}
