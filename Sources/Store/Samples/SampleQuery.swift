import Foundation
import Gates
internal import GRDB

/// Sums and counts over a group of chargers and a time range, exact for any range.
///
/// A small group is summed directly: the daily rollups for whole UTC days, the raw samples for the
/// partial days at the edges, so the cost grows with chargers × days. A group holding more than half of
/// the chargers with samples (a control group: the rest of the fleet) is answered as the fleet-wide
/// sums (per day and per second, a few rows) minus the sums of the chargers outside the group, so the
/// cost grows with the smaller side.
struct SampleQuery {
    let db: Database
    /// Sample charger ids to sum directly, ascending.
    let direct: [Int64]
    var directCount: Int { direct.count }
    /// True when the result is the fleet minus `direct`.
    let complement: Bool
    /// Metric name → id, for the names that have samples.
    let metrics: [String: Int64]

    static let microsPerDay = SampleWriter.microsPerDay

    /// `wholeSeconds`: the ranges asked for start and end on whole seconds (the fleet-wide per-second
    /// sums cannot split a second).
    init(db: Database, names: [String], chargers: [String], wholeSeconds: Bool) throws {
        self.db = db
        let (ids, all) = try SampleChargerCache.shared.resolve(chargers, db)
        var chosen = ids.sorted()
        var complement = false
        if wholeSeconds, ids.count > 64, ids.count * 2 > all.count {
            let inGroup = Set(ids)
            chosen = all.filter { !inGroup.contains($0) }.sorted()
            complement = true
        }
        self.complement = complement
        direct = chosen
        var metrics: [String: Int64] = [:]
        for name in Set(names) {
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM metric_names WHERE name = ?", arguments: [name]) { metrics[name] = id }
        }
        self.metrics = metrics
        groupIsEmpty = ids.isEmpty
    }

    let groupIsEmpty: Bool

    /// The metric ids of `names` that have samples, ascending.
    func metricIDs(_ names: [String]) -> [Int64] { Set(names.compactMap { metrics[$0] }).sorted() }

    /// True when the totals of `names` over [start, end) read the rows of `direct`.
    func readsRows(_ names: [String], from start: Int64, to end: Int64) -> Bool {
        !groupIsEmpty && start < end && directCount > 0 && !metricIDs(names).isEmpty
    }

    /// Totals of `names` over [start, end) in microseconds since 1970. `directSums`: the sums of the chargers of
    /// `direct` over the same range for at least the metrics of `names`, when already read (by `GroupSums`, which adds
    /// each metric on its own, so that reading more metrics at once changes none of them).
    func totals(_ names: [String], from start: Int64, to end: Int64, directSums: [Int64: (Double, Double)]? = nil) throws -> SampleTotals {
        var result = SampleTotals()
        for name in names {
            result.sums[name] = 0
            result.counts[name] = 0
        }
        let ids = metricIDs(names)
        guard !groupIsEmpty, start < end, !ids.isEmpty else { return result }
        let metricList = "[" + ids.map(String.init).joined(separator: ",") + "]"
        var sums: [Int64: (Double, Double)] = [:]
        func add(_ rows: [Int64: (Double, Double)], sign: Double) {
            for (metric, part) in rows { sums[metric, default: (0, 0)].0 += sign * part.0; sums[metric, default: (0, 0)].1 += sign * part.1 }
        }
        if complement {
            add(try fleet(metricList, start, end), sign: 1)
        }
        if directCount > 0 {
            let rows = try directSums ?? GroupSums(db: db, chargers: direct).sums(metrics: ids, from: start, to: end)
            add(rows.filter { ids.contains($0.key) }, sign: complement ? -1 : 1)
        }
        for name in Set(names) {
            guard let metric = metrics[name], let sum = sums[metric] else { continue }
            result.sums[name] = sum.0
            result.counts[name] = Int(sum.1.rounded())
        }
        return result
    }

    /// The whole days inside [start, end), as a half-open range of day numbers (empty when none).
    private func wholeDays(_ start: Int64, _ end: Int64) -> (Int64, Int64) {
        (SampleWriter.floorDiv(start + Self.microsPerDay - 1, Self.microsPerDay), SampleWriter.floorDiv(end, Self.microsPerDay))
    }

    /// Every charger's sums, from the fleet-wide per-day and per-second tables (whole seconds only).
    private func fleet(_ metricList: String, _ start: Int64, _ end: Int64) throws -> [Int64: (Double, Double)] {
        let (first, last) = wholeDays(start, end)
        let metricIn = "metric IN (SELECT value FROM json_each(?1))"
        let s = start / 1_000_000, e = end / 1_000_000
        if first < last {
            return try sums("""
                SELECT metric, TOTAL(s), TOTAL(c) FROM (
                    SELECT metric, total AS s, n AS c FROM fleet_seconds WHERE \(metricIn) AND second >= ?2 AND second < ?3
                    UNION ALL
                    SELECT metric, total, n FROM fleet_days WHERE \(metricIn) AND day >= ?4 AND day < ?5
                    UNION ALL
                    SELECT metric, total, n FROM fleet_seconds WHERE \(metricIn) AND second >= ?6 AND second < ?7
                ) GROUP BY metric
                """, [metricList, s, first * 86_400, first, last, last * 86_400, e])
        }
        return try sums("""
            SELECT metric, TOTAL(total), TOTAL(n) FROM fleet_seconds WHERE \(metricIn) AND second >= ?2 AND second < ?3 GROUP BY metric
            """, [metricList, s, e])
    }

    private func sums(_ sql: String, _ arguments: StatementArguments) throws -> [Int64: (Double, Double)] {
        var out: [Int64: (Double, Double)] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let row = try rows.next() {
            out[row[0]] = (row[1], row[2])
        }
        return out
    }

    /// Reads pages through a memory map instead of a system call each (a gate's totals touch thousands).
    static func prepare(_ db: Database) throws {
        _ = try Int64.fetchOne(db, sql: "PRAGMA mmap_size = 4294967296")
    }

    static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1e6).rounded()) }

    static func isWholeSecond(_ micros: Int64) -> Bool { micros % 1_000_000 == 0 }

    static func jsonArray(_ strings: [String]) -> String {
        var out = "["
        for (k, s) in strings.enumerated() {
            if k > 0 { out += "," }
            out += "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
                default: out.unicodeScalars.append(u)
                }
            }
            out += "\""
        }
        return out + "]"
    }
}
