import Foundation
import Gates
internal import GRDB

/// Sums and counts over a group of chargers and a time range, from the daily rollups for whole UTC days
/// and from the raw samples for the partial days at the edges, so that the result is exact for any
/// range while the cost grows with chargers × days.
struct SampleQuery {
    let db: Database
    /// The group's sample charger ids as a JSON array, for `IN (SELECT value FROM json_each(?))`.
    let group: String
    let groupSize: Int
    /// Metric name → id, for the names that have samples.
    let metrics: [String: Int64]

    static let microsPerDay = SampleWriter.microsPerDay

    init(db: Database, names: [String], chargers: [String]) throws {
        self.db = db
        var ids: [Int64] = []
        let unique = Array(Set(chargers))
        if !unique.isEmpty {
            // One lookup per charger id through the unique index (json_each has none to probe).
            ids = try Int64.fetchAll(db, sql: """
                SELECT sid FROM (SELECT (SELECT id FROM sample_chargers WHERE charger = j.value) AS sid FROM json_each(?) j) WHERE sid IS NOT NULL
                """, arguments: [Self.jsonArray(unique)])
        }
        groupSize = ids.count
        group = "[" + ids.map(String.init).joined(separator: ",") + "]"
        var metrics: [String: Int64] = [:]
        for name in Set(names) {
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM metric_names WHERE name = ?", arguments: [name]) { metrics[name] = id }
        }
        self.metrics = metrics
    }

    /// Totals of `names` over [start, end) in microseconds since 1970.
    func totals(_ names: [String], from start: Int64, to end: Int64) throws -> SampleTotals {
        var result = SampleTotals()
        for name in names {
            result.sums[name] = 0
            result.counts[name] = 0
        }
        guard groupSize > 0, start < end else { return result }
        let firstWholeDay = SampleWriter.floorDiv(start + Self.microsPerDay - 1, Self.microsPerDay)
        let endWholeDay = SampleWriter.floorDiv(end, Self.microsPerDay)
        for name in Set(names) {
            guard let metric = metrics[name] else { continue }
            var sum = 0.0, count = 0
            func add(_ part: (Double, Int)) { sum += part.0; count += part.1 }
            if firstWholeDay < endWholeDay {
                add(try raw(metric, start, firstWholeDay * Self.microsPerDay))
                add(try days(metric, firstWholeDay, endWholeDay))
                add(try raw(metric, endWholeDay * Self.microsPerDay, end))
            } else {
                add(try raw(metric, start, end))
            }
            result.sums[name] = sum
            result.counts[name] = count
        }
        return result
    }

    private func raw(_ metric: Int64, _ from: Int64, _ to: Int64) throws -> (Double, Int) {
        guard from < to else { return (0, 0) }
        return try pair("""
            SELECT TOTAL(value), COUNT(*) FROM samples
            WHERE metric = ? AND charger IN (SELECT value FROM json_each(?)) AND t >= ? AND t < ?
            """, [metric, group, from, to])
    }

    private func days(_ metric: Int64, _ from: Int64, _ to: Int64) throws -> (Double, Int) {
        try pair("""
            SELECT TOTAL(total), TOTAL(n) FROM sample_days
            WHERE metric = ? AND charger IN (SELECT value FROM json_each(?)) AND day >= ? AND day < ?
            """, [metric, group, from, to])
    }

    private func pair(_ sql: String, _ arguments: StatementArguments) throws -> (Double, Int) {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) else { return (0, 0) }
        let sum: Double = row[0]
        let count: Double = row[1]
        return (sum, Int(count))
    }

    static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1e6).rounded()) }

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
