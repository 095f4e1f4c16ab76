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

    /// The totals of several groups over one window, each as `totals(of:chargers:window:)` gives it alone. Groups
    /// whose rows are the same (a pilot, and the rest of the fleet as its control group: the fleet-wide sums minus
    /// the pilot's) read those rows once, over the union of their metrics.
    public func totals(_ groups: [SampleTotalsRequest], window: EvidenceWindow) throws -> [SampleTotals] {
        try pool.read { db in
            try SampleQuery.prepare(db)
            let start = SampleQuery.micros(window.start), end = SampleQuery.micros(window.end)
            let whole = SampleQuery.isWholeSecond(start) && SampleQuery.isWholeSecond(end)
            let queries = try groups.map { try SampleQuery(db: db, names: $0.names, chargers: $0.chargers, wholeSeconds: whole) }
            var metrics: [[Int64]: Set<Int64>] = [:]
            for (query, group) in zip(queries, groups) where query.readsRows(group.names, from: start, to: end) {
                metrics[query.direct, default: []].formUnion(query.metricIDs(group.names))
            }
            var direct: [[Int64]: [Int64: (Double, Double)]] = [:]
            for (chargers, ids) in metrics {
                direct[chargers] = try GroupSums(db: db, chargers: chargers).sums(metrics: ids.sorted(), from: start, to: end)
            }
            return try zip(queries, groups).map { query, group in
                try query.totals(group.names, from: start, to: end, directSums: direct[query.direct])
            }
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
    /// Reads every row's section headers (not the samples).
    public func metricSummaries() throws -> [MetricSummary] {
        try pool.read { db in
            var names: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM metric_names") { names[row[0]] = row[1] }
            // Mutated in place through the dictionary (`default:` subscript): copying a summary out and back would
            // copy its set of chargers on every row (quadratic: 92 s at 100,000 chargers × 7 days).
            var summaries: [Int64: MetricAccumulator] = [:]
            let rows = try RawStatement(db, "SELECT day, charger, data FROM sample_rows")
            while try rows.step() {
                let charger = rows.int64(1)
                _ = ChargerDay.forEach(rows.blob(2), day: rows.int64(0)) { s in
                    summaries[s.metric, default: MetricAccumulator(first: s.first, last: s.last)].add(n: s.n, charger: charger, first: s.first, last: s.last)
                }
            }
            return summaries.compactMap { metric, s -> MetricSummary? in
                guard let name = names[metric] else { return nil }
                return MetricSummary(name: name, samples: s.samples, chargers: s.chargers.count,
                                     first: Date(timeIntervalSince1970: Double(s.first) / 1e6), last: Date(timeIntervalSince1970: Double(s.last) / 1e6))
            }.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        }
    }
}

/// One metric's totals while `metricSummaries` reads every charger-day.
private struct MetricAccumulator {
    var samples = 0
    var chargers = Set<Int64>()
    var first: Int64
    var last: Int64

    init(first: Int64, last: Int64) {
        self.first = first
        self.last = last
    }

    mutating func add(n: some BinaryInteger, charger: Int64, first: Int64, last: Int64) {
        samples += Int(n)
        chargers.insert(charger)
        self.first = min(self.first, first)
        self.last = max(self.last, last)
    }
}
