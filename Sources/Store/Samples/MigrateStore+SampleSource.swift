import Engine
import Foundation
import Gates
internal import GRDB

extension MigrateStore: SampleSource {
    /// Sums and counts of the samples named `names` of `chargers` in `window` (start inclusive, end
    /// exclusive), from the daily rollups plus the raw samples of the partial edge days. Every name
    /// asked for is in the result (0 when it has no samples); chargers without samples add nothing.
    public func totals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> SampleTotals {
        try pool.read { db in
            try SampleQuery.prepare(db)
            let start = SampleQuery.micros(window.start), end = SampleQuery.micros(window.end)
            let whole = SampleQuery.isWholeSecond(start) && SampleQuery.isWholeSecond(end)
            return try SampleQuery(db: db, names: names, chargers: chargers, wholeSeconds: whole).totals(names, from: start, to: end)
        }
    }

    /// The totals per UTC day of `window`, for charts: one element per day the window touches, in order,
    /// each over the part of that day inside the window (so they add up to `totals` over the window).
    public func dailyTotals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [(day: Date, totals: SampleTotals)] {
        try pool.read { db in
            try SampleQuery.prepare(db)
            let start = SampleQuery.micros(window.start), end = SampleQuery.micros(window.end)
            let whole = SampleQuery.isWholeSecond(start) && SampleQuery.isWholeSecond(end)
            let query = try SampleQuery(db: db, names: names, chargers: chargers, wholeSeconds: whole)
            guard start < end else { return [] }
            let perDay = SampleQuery.microsPerDay
            var result: [(day: Date, totals: SampleTotals)] = []
            var day = SampleWriter.floorDiv(start, perDay)
            while day * perDay < end {
                let totals = try query.totals(names, from: max(start, day * perDay), to: min(end, (day + 1) * perDay))
                result.append((Date(timeIntervalSince1970: Double(day * 86_400)), totals))
                day += 1
            }
            return result
        }
    }

    /// Per metric name: samples, chargers with samples, first and last sample time. For `migrate metrics list`.
    public func metricSummaries() throws -> [MetricSummary] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.name, SUM(s.n) AS samples, COUNT(DISTINCT s.charger) AS chargers, MIN(s.first) AS first, MAX(s.last) AS last
                FROM sample_chunks s JOIN metric_names m ON m.id = s.metric GROUP BY s.metric ORDER BY m.name
                """).map { row in
                MetricSummary(name: row["name"], samples: row["samples"], chargers: row["chargers"],
                              first: Date(timeIntervalSince1970: Double(row["first"] as Int64) / 1e6),
                              last: Date(timeIntervalSince1970: Double(row["last"] as Int64) / 1e6))
            }
        }
    }
}
