import Engine
import Gates
import PostgresNIO

/// The sums and counts of a group of chargers over a window, on the SQLite store's paths (docs/metrics.md, "Totals
/// for a gate"), added on the client in the SQLite store's order from rows the server finds by their keys:
///
/// - **directly** for a group of at most 64 chargers with samples or of at most half of the chargers with samples, or
///   when the window does not start and end on whole seconds: per metric, the days in order and each day's chargers
///   in the order of their ids, adding a row's stored section total on a day the window holds whole, or the sum of
///   its samples inside the window (added in time order from 0) on an edge day.
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
        try await totals([SampleTotalsRequest(names: names, chargers: chargers)], from: start, to: end, c)[0]
    }

    /// The totals of several groups over one window, each exactly what it gets alone: the names and the chargers with
    /// samples are read once, the rows of the chargers summed directly once for all groups (a pilot, and the rest of
    /// the fleet as its control group, which is the fleet-wide sums minus the pilot's), the fleet-wide sums once.
    /// Each group's sums add its own parts in its own order, so sharing the reads changes no bit.
    static func totals(_ groups: [SampleTotalsRequest], from start: Int64, to end: Int64,
                       _ c: PostgresConnection) async throws -> [SampleTotals] {
        var results: [SampleTotals] = groups.map { group in
            var result = SampleTotals()
            for name in group.names {
                result.sums[name] = 0
                result.counts[name] = 0
            }
            return result
        }
        let allNames = Set(groups.flatMap(\.names))
        guard start < end, !allNames.isEmpty, groups.contains(where: { !$0.names.isEmpty && !$0.chargers.isEmpty }) else { return results }
        let log = c.logger
        // The names' ids, and every charger with samples: one round trip each.
        var metricIDs: [String: Int32] = [:]
        for row in try await c.rows("SELECT id, name FROM metric_names WHERE name = ANY(\(Array(allNames))::text[])", log) {
            let (id, name) = try row.decode((Int32, String).self)
            metricIDs[name] = id
        }
        guard !metricIDs.isEmpty else { return results }
        var sampleChargers: [(id: Int32, charger: String)] = []
        for try await (id, charger) in try await c.query("SELECT id, charger FROM sample_chargers", logger: log).decode((Int32, String).self) {
            sampleChargers.append((id, charger))
        }
        let wholeSeconds = start % 1_000_000 == 0 && end % 1_000_000 == 0
        // Per group: its metric ids, the chargers it sums directly (ascending), and whether it is the fleet minus them.
        var plans: [(metrics: [Int32], direct: Set<Int32>, complement: Bool)?] = []
        var directAll = Set<Int32>(), directMetrics = Set<Int32>(), fleetMetrics = Set<Int32>()
        for group in groups {
            let metrics = Set(group.names.compactMap { metricIDs[$0] }).sorted()
            let members = Set(group.chargers)
            var inGroup: [Int32] = [], outside: [Int32] = []
            for (id, charger) in sampleChargers {
                if members.contains(charger) { inGroup.append(id) } else { outside.append(id) }
            }
            guard !inGroup.isEmpty, !metrics.isEmpty else {
                plans.append(nil)
                continue
            }
            let complement = wholeSeconds && inGroup.count > complementAbove && inGroup.count * 2 > inGroup.count + outside.count
            let direct = Set(complement ? outside : inGroup)
            plans.append((metrics, direct, complement))
            if complement { fleetMetrics.formUnion(metrics) }
            if !direct.isEmpty {
                directAll.formUnion(direct)
                directMetrics.formUnion(metrics)
            }
        }
        let fleet = fleetMetrics.isEmpty ? [:] : try await self.fleet(fleetMetrics.sorted(), from: start, to: end, c)
        // When every group reading rows sums the same chargers (a pilot, and the rest of the fleet as its control
        // group), metrics whose parts are all integers add up exactly in any order: the server adds their whole days.
        let directSets = Set(plans.compactMap { $0.flatMap { $0.direct.isEmpty ? nil : $0.direct } })
        var parts: [Part] = [], exact: [Int32: (total: Double, count: Double)] = [:]
        if directSets.count == 1 {
            (parts, exact) = try await sharedParts(directMetrics.sorted(), chargers: directAll.sorted(), from: start, to: end, c)
        } else if !directAll.isEmpty {
            parts = try await self.parts(directMetrics.sorted(), chargers: directAll.sorted(), from: start, to: end, c)
        }
        for (k, plan) in plans.enumerated() {
            guard let plan else { continue }
            let wanted = Set(plan.metrics)
            var sums: [Int32: (total: Double, count: Double)] = [:]
            if plan.complement {
                for (metric, part) in fleet where wanted.contains(metric) { sums[metric] = (0 + part.total, 0 + part.count) }
            }
            let sign: Double = plan.complement ? -1 : 1
            var direct: [Int32: (total: Double, count: Double)] = [:]
            if !plan.direct.isEmpty {
                for (metric, sum) in exact where wanted.contains(metric) { direct[metric] = sum }
            }
            for p in parts where wanted.contains(p.metric) && plan.direct.contains(p.charger) {
                direct[p.metric, default: (0, 0)].total += p.total
                direct[p.metric, default: (0, 0)].count += Double(p.n)
            }
            for (metric, part) in direct {
                sums[metric, default: (0, 0)].total += sign * part.total
                sums[metric, default: (0, 0)].count += sign * part.count
            }
            for (name, id) in metricIDs where results[k].sums[name] != nil {
                guard let sum = sums[id] else { continue }
                results[k].sums[name] = sum.total
                results[k].counts[name] = Int(sum.count.rounded())
            }
        }
        return results
    }

    /// A (day, charger, metric) part of a direct sum: a whole day's stored section total, or the sum of an edge day's
    /// samples inside the window (added in time order from 0), with its count.
    struct Part {
        var key: Int64
        var charger: Int32
        var metric: Int32
        var total: Double
        var n: Int64

        /// The order the direct sums add parts: by day, charger, metric.
        static func before(_ a: Part, _ b: Part) -> Bool { a.key != b.key ? a.key < b.key : a.metric < b.metric }
    }

    /// The days of [start, end): those it holds whole, and the edge days it cuts.
    static func days(from start: Int64, to end: Int64) -> (whole: [Int32], edges: [Int32]) {
        let perDay = PostgresSampleCopy.microsPerDay
        let firstDay = PostgresSampleCopy.floorDiv(start, perDay), lastDay = PostgresSampleCopy.floorDiv(end - 1, perDay)
        var wholeDays: [Int32] = [], edges: [Int32] = []
        for day in firstDay...lastDay {
            if day * perDay >= start && (day + 1) * perDay <= end { wholeDays.append(Int32(day)) } else { edges.append(Int32(day)) }
        }
        return (wholeDays, edges)
    }

    /// Below this, integers add exactly in any order (every partial sum is an integer below it, so a double).
    static let exactBound = 9_007_199_254_740_992.0

    /// The direct sums of one set of chargers: the edge days' parts, and per metric either the parts of its whole days
    /// (sorted by (day, charger, metric)) or, when all of its parts are integers whose magnitudes add up to less than
    /// 2^53, its exact sum and count (`exact`): the server adds the whole days' section totals, the client the edge
    /// parts. Every partial sum of such parts is exact, so the sum is the one the SQLite store's order gives, bit for
    /// bit, and the server sends a row per metric instead of a row per charger and day.
    static func sharedParts(_ metrics: [Int32], chargers: [Int32], from start: Int64, to end: Int64, _ c: PostgresConnection)
        async throws -> (parts: [Part], exact: [Int32: (total: Double, count: Double)]) {
        let (wholeDays, edges) = days(from: start, to: end)
        var parts = try await edgeParts(metrics, chargers: chargers, days: edges, from: start, to: end, c)
        guard !wholeDays.isEmpty else { return (parts.sorted(by: Part.before), [:]) }
        // Per metric: the edge parts' sum, count and magnitude, unless one of them is not an integer.
        var edgeSums: [Int32: (total: Double, count: Double, magnitude: Double)] = [:]
        var fractional = Set<Int32>()
        for p in parts {
            guard p.total.isFinite, p.total == p.total.rounded(.towardZero) else {
                fractional.insert(p.metric)
                continue
            }
            edgeSums[p.metric, default: (0, 0, 0)].total += p.total
            edgeSums[p.metric, default: (0, 0, 0)].count += Double(p.n)
            edgeSums[p.metric, default: (0, 0, 0)].magnitude += abs(p.total)
        }
        var exact: [Int32: (total: Double, count: Double)] = [:]
        var byRows: [Int32] = []
        let rows = try await c.query("""
            SELECT u.metric, sum(u.total), sum(u.n)::bigint, bool_and(u.total = trunc(u.total)), sum(abs(u.total))
            FROM sample_rows r CROSS JOIN LATERAL unnest(r.metrics, r.totals, r.counts) AS u(metric, total, n)
            WHERE r.day = ANY(\(wholeDays)::int[]) AND r.charger = ANY(\(chargers)::int[]) AND u.metric = ANY(\(metrics)::int[])
            GROUP BY u.metric
            """, logger: c.logger)
        for try await (metric, total, n, integral, magnitude) in rows.decode((Int32, Double, Int64, Bool, Double).self) {
            let edge = edgeSums[metric] ?? (0, 0, 0)
            if integral, !fractional.contains(metric), magnitude + edge.magnitude < exactBound {
                exact[metric] = (0 + total + edge.total, Double(n) + edge.count)
            } else {
                byRows.append(metric)
            }
        }
        // A metric with parts on the edge days only keeps them as they are.
        if !byRows.isEmpty {
            parts += try await wholeParts(byRows, chargers: chargers, days: wholeDays, c)
        }
        let summed = Set(exact.keys)
        parts.removeAll { summed.contains($0.metric) }
        return (parts.sorted(by: Part.before), exact)
    }

    /// The parts of `chargers` (ids) for `metrics`, sorted by (day, charger, metric): the order the direct sums add them.
    static func parts(_ metrics: [Int32], chargers: [Int32], from start: Int64, to end: Int64,
                      _ c: PostgresConnection) async throws -> [Part] {
        let (wholeDays, edges) = days(from: start, to: end)
        var parts = try await wholeParts(metrics, chargers: chargers, days: wholeDays, c)
        parts += try await edgeParts(metrics, chargers: chargers, days: edges, from: start, to: end, c)
        return parts.sorted(by: Part.before)
    }

    /// The whole days' parts: each row's stored section totals of `metrics`.
    static func wholeParts(_ metrics: [Int32], chargers: [Int32], days wholeDays: [Int32], _ c: PostgresConnection) async throws -> [Part] {
        let wanted = Set(metrics)
        var parts: [Part] = []
        if !wholeDays.isEmpty {
            let rows = try await c.query("""
                SELECT day, charger, metrics, totals, counts FROM sample_rows WHERE day = ANY(\(wholeDays)::int[]) AND charger = ANY(\(chargers)::int[])
                """, logger: c.logger)
            for try await (day, charger, ms, totals, counts) in rows.decode((Int32, Int32, [Int32], [Double], [Int64]).self) {
                let key = PostgresStoredRow.key(day, charger)
                for k in ms.indices where k < totals.count && k < counts.count && wanted.contains(ms[k]) {
                    parts.append(Part(key: key, charger: charger, metric: ms[k], total: totals[k], n: counts[k]))
                }
            }
        }
        return parts
    }

    /// The edge days' parts: per row and metric of `metrics`, the sum of its samples inside [start, end), added in
    /// time order from 0, with their count.
    static func edgeParts(_ metrics: [Int32], chargers: [Int32], days edges: [Int32], from start: Int64, to end: Int64,
                          _ c: PostgresConnection) async throws -> [Part] {
        let wanted = Set(metrics)
        var parts: [Part] = []
        if !edges.isEmpty {
            let rows = try await c.query("""
                SELECT day, charger, m, t, v FROM sample_rows WHERE day = ANY(\(edges)::int[]) AND charger = ANY(\(chargers)::int[])
                """, logger: c.logger)
            for try await (day, charger, m, t, v) in rows.decode((Int32, Int32, [Int32], [Int64], [Double]).self) {
                let key = PostgresStoredRow.key(day, charger)
                var i = 0
                let n = min(m.count, t.count, v.count)
                while i < n {
                    let metric = m[i]
                    var total = 0.0, count: Int64 = 0
                    var j = i
                    while j < n, m[j] == metric {
                        if t[j] >= start && t[j] < end {
                            total += v[j]
                            count += 1
                        }
                        j += 1
                    }
                    if wanted.contains(metric) { parts.append(Part(key: key, charger: charger, metric: metric, total: total, n: count)) }
                    i = j
                }
            }
        }
        return parts
    }

    /// Every charger's sums from the fleet-wide tables (whole seconds only): the edge days' seconds inside the window
    /// and the whole days between, added in that order from 0 (seconds [s, d0·86400), days [d0, d1), seconds
    /// [d1·86400, e); or seconds [s, e) alone when no day is whole).
    static func fleet(_ metrics: [Int32], from start: Int64, to end: Int64,
                      _ c: PostgresConnection) async throws -> [Int32: (total: Double, count: Double)] {
        let perDay = PostgresSampleCopy.microsPerDay
        let s = PostgresSampleCopy.floorDiv(start, 1_000_000), e = PostgresSampleCopy.floorDiv(end, 1_000_000)
        let d0 = PostgresSampleCopy.floorDiv(start + perDay - 1, perDay), d1 = PostgresSampleCopy.floorDiv(end, perDay)
        let days = d0 < d1
        let before = days ? (s, d0 * 86_400) : (s, e), after = days ? (d1 * 86_400, e) : (e, e)
        let rows = try await c.query("""
            SELECT metric, 0 AS part, second AS at, total, n FROM fleet_seconds
            WHERE metric = ANY(\(metrics)::int[]) AND second >= \(before.0) AND second < \(before.1)
            UNION ALL
            SELECT metric, 1, day, total, n FROM fleet_days
            WHERE metric = ANY(\(metrics)::int[]) AND day >= \(Int32(truncatingIfNeeded: d0)) AND day < \(Int32(truncatingIfNeeded: d1))
            UNION ALL
            SELECT metric, 2, second, total, n FROM fleet_seconds
            WHERE metric = ANY(\(metrics)::int[]) AND second >= \(after.0) AND second < \(after.1)
            ORDER BY metric, part, at
            """, logger: c.logger)
        var out: [Int32: (total: Double, count: Double)] = [:]
        for try await (metric, _, _, total, n) in rows.decode((Int32, Int32, Int64, Double, Int64).self) {
            out[metric, default: (0, 0)].total += total
            out[metric, default: (0, 0)].count += Double(n)
        }
        return out
    }
}
