import Engine
import Foundation
import Gates
import PostgresNIO
import Store

/// Sums and counts over a group of chargers and a window, with the SQLite store's arithmetic and paths
/// (`PostgresGroupSums`): directly for a small group (per metric, the days the window touches in order and the
/// chargers of each day in the order of their sample ids, adding a day's stored sum when the window holds the whole
/// day, else the sum of its samples inside the window, in time order), as the fleet minus the rest for a large one.
extension PostgresStore: SampleSource {
    /// In one read-only snapshot: the names and chargers resolved, the path chosen, the rows found by their keys and
    /// added on the client in the SQLite store's order (`PostgresGroupSums`).
    public func totals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> SampleTotals {
        try totals([SampleTotalsRequest(names: names, chargers: chargers)], window: window)[0]
    }

    /// Several groups in one snapshot, reading what they share once (a pilot, and the rest of the fleet as its control
    /// group: the fleet-wide sums minus the pilot's); each group's sums are what it gets alone, bit for bit.
    public func totals(_ groups: [SampleTotalsRequest], window: EvidenceWindow) throws -> [SampleTotals] {
        try session.run { c in
            try await c.transaction(c.logger, readSnapshot: true) {
                try await PostgresGroupSums.totals(groups, from: micros(window.start), to: micros(window.end), c)
            }
        }
    }

    public func dailyTotals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [(day: Date, totals: SampleTotals)] {
        let result: [DayTotals] = try session.run { c in
            try await c.transaction(c.logger, readSnapshot: true) {
                let start = micros(window.start), end = micros(window.end)
                guard start < end else { return [] }
                let perDay = PostgresSampleCopy.microsPerDay
                var out: [DayTotals] = []
                var day = PostgresSampleCopy.floorDiv(start, perDay)
                while day * perDay < end {
                    let totals = try await PostgresGroupSums.totals(of: names, chargers: chargers, from: max(start, day * perDay),
                                                                    to: min(end, (day + 1) * perDay), c)
                    out.append(DayTotals(day: Date(timeIntervalSince1970: Double(day * 86_400)), totals: totals))
                    day += 1
                }
                return out
            }
        }
        return result.map { ($0.day, $0.totals) }
    }

    public func totalsByCharger(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [String: SampleTotals] {
        try session.run { c in
            try await c.transaction(c.logger, readSnapshot: true) {
                let start = micros(window.start), end = micros(window.end)
                guard start < end, !names.isEmpty, !chargers.isEmpty else { return [:] }
                let query = try await PostgresSampleQuery(names: names, chargers: chargers, c)
                var result: [String: SampleTotals] = [:]
                // As the SQLite store: a charger with a stored day the window touches is in the result, if only with 0.
                for (metric, charger) in try await query.touched(from: start, to: end, c) {
                    guard let name = query.metricNames[metric], let id = query.chargerNames[charger] else { continue }
                    result[id, default: SampleTotals()].sums[name, default: 0] += 0
                    result[id, default: SampleTotals()].counts[name, default: 0] += 0
                }
                try await query.parts(from: start, to: end, c) { metric, _, charger, total, n in
                    guard let name = query.metricNames[metric], let id = query.chargerNames[charger] else { return }
                    result[id, default: SampleTotals()].sums[name, default: 0] += total
                    result[id, default: SampleTotals()].counts[name, default: 0] += Int(n)
                }
                return result
            }
        }
    }

    public func chargersSeen(_ chargers: [String], window: EvidenceWindow) throws -> Set<String> {
        try session.run { c in
            let start = micros(window.start), end = micros(window.end)
            guard start < end, !chargers.isEmpty else { return [] }
            let perDay = PostgresSampleCopy.microsPerDay
            let firstDay = Int32(PostgresSampleCopy.floorDiv(start, perDay)), lastDay = Int32(PostgresSampleCopy.floorDiv(end - 1, perDay))
            let rows = try await c.rows("""
                SELECT DISTINCT ch.charger FROM sample_chargers ch
                WHERE ch.charger = ANY(\(chargers)::text[]) AND (
                    EXISTS (SELECT 1 FROM sample_days d WHERE d.charger = ch.id AND d.day > \(firstDay) AND d.day < \(lastDay))
                    OR EXISTS (SELECT 1 FROM samples s WHERE s.charger = ch.id AND s.day IN (\(firstDay), \(lastDay)) AND s.t >= \(start) AND s.t < \(end)))
                """, c.logger)
            return Set(try rows.map { try $0.decode(String.self) })
        }
    }

    public func metricSummaries() throws -> [MetricSummary] {
        try session.run { c in
            try await c.rows("""
                SELECT m.name, SUM(d.n)::bigint, COUNT(DISTINCT d.charger)::bigint, MIN(d.first), MAX(d.last)
                FROM sample_days d JOIN metric_names m ON m.id = d.metric GROUP BY m.name ORDER BY m.name
                """, c.logger).map { row in
                let (name, samples, chargers, first, last) = try row.decode((String, Int64, Int64, Int64, Int64).self)
                return MetricSummary(name: name, samples: Int(samples), chargers: Int(chargers),
                                     first: Date(timeIntervalSince1970: Double(first) / 1e6), last: Date(timeIntervalSince1970: Double(last) / 1e6))
            }
        }
    }
}

struct DayTotals: Sendable {
    var day: Date
    var totals: SampleTotals
}

func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1e6).rounded()) }

/// One group of chargers and metrics, resolved to the store's ids.
struct PostgresSampleQuery {
    let names: [String]
    /// Store id → name, for the names and chargers that have samples.
    let metricNames: [Int32: String]
    let chargerNames: [Int32: String]

    init(names: [String], chargers: [String], _ c: PostgresConnection) async throws {
        self.names = names
        var metrics: [Int32: String] = [:]
        if !names.isEmpty {
            for row in try await c.rows("SELECT id, name FROM metric_names WHERE name = ANY(\(Array(Set(names)))::text[])", c.logger) {
                let (id, name) = try row.decode((Int32, String).self)
                metrics[id] = name
            }
        }
        var ids: [Int32: String] = [:]
        if !chargers.isEmpty {
            for row in try await c.rows("SELECT id, charger FROM sample_chargers WHERE charger = ANY(\(chargers)::text[])", c.logger) {
                let (id, charger) = try row.decode((Int32, String).self)
                ids[id] = charger
            }
        }
        metricNames = metrics
        chargerNames = ids
    }

    /// The (metric, charger) pairs with a stored day that the window touches.
    func touched(from start: Int64, to end: Int64, _ c: PostgresConnection) async throws -> [(Int32, Int32)] {
        let perDay = PostgresSampleCopy.microsPerDay
        let firstDay = Int32(PostgresSampleCopy.floorDiv(start, perDay)), lastDay = Int32(PostgresSampleCopy.floorDiv(end - 1, perDay))
        let metrics = metricNames.keys.sorted(), chargers = chargerNames.keys.sorted()
        guard !metrics.isEmpty, !chargers.isEmpty else { return [] }
        return try await c.rows("""
            SELECT DISTINCT metric, charger FROM sample_days
            WHERE metric = ANY(\(metrics)::int[]) AND charger = ANY(\(chargers)::int[]) AND day >= \(firstDay) AND day <= \(lastDay)
            """, c.logger).map { try $0.decode((Int32, Int32).self) }
    }

    /// Each (metric, day, charger) part of the window in the order the sums add them: a whole day's stored sum,
    /// or the sum of an edge day's samples inside the window.
    func parts(from start: Int64, to end: Int64, _ c: PostgresConnection,
               _ add: (Int32, Int32, Int32, Double, Int64) throws -> Void) async throws {
        let perDay = PostgresSampleCopy.microsPerDay
        let firstDay = PostgresSampleCopy.floorDiv(start, perDay), lastDay = PostgresSampleCopy.floorDiv(end - 1, perDay)
        func whole(_ day: Int64) -> Bool { day * perDay >= start && (day + 1) * perDay <= end }
        let edges = Array(Set([firstDay, lastDay].filter { !whole($0) })).map { Int32($0) }
        let wholeFirst = Int32(whole(firstDay) ? firstDay : firstDay + 1), wholeLast = Int32(whole(lastDay) ? lastDay : lastDay - 1)
        let metrics = metricNames.keys.sorted(), chargers = chargerNames.keys.sorted()
        let rows = try await c.query("""
            SELECT metric, day, charger, total, n FROM sample_days
            WHERE metric = ANY(\(metrics)::int[]) AND charger = ANY(\(chargers)::int[]) AND day >= \(wholeFirst) AND day <= \(wholeLast)
            UNION ALL
            SELECT metric, day, charger, sum(v ORDER BY t), count(*) FROM samples
            WHERE day = ANY(\(edges)::int[]) AND metric = ANY(\(metrics)::int[]) AND charger = ANY(\(chargers)::int[]) AND t >= \(start) AND t < \(end)
            GROUP BY metric, day, charger
            ORDER BY 1, 2, 3
            """, logger: c.logger)
        for try await (metric, day, charger, total, n) in rows.decode((Int32, Int32, Int32, Double, Int64).self) {
            try add(metric, day, charger, total, n)
        }
    }
}
