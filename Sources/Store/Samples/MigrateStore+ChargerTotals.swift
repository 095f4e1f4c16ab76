import Engine
import Foundation
import Gates
internal import GRDB

/// Per-charger sums for a phase's preflight: each candidate judged on its own samples. One pass over the candidates'
/// rows of the days the window touches (whole days from their stored sums, the partial edge days from their
/// samples), the same arithmetic `SampleQuery` uses for a group; each charger's sums added day by day.
extension MigrateStore {
    public func totalsByCharger(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [String: SampleTotals] {
        try pool.read { db in
            try SampleQuery.prepare(db)
            let start = SampleQuery.micros(window.start), end = SampleQuery.micros(window.end)
            guard start < end, !names.isEmpty, !chargers.isEmpty else { return [:] }
            let ids = try Self.sampleChargerIDs(chargers, db)
            var metrics: [Int64: String] = [:]
            for name in Set(names) {
                if let id = try Int64.fetchOne(db, sql: "SELECT id FROM metric_names WHERE name = ?", arguments: [name]) { metrics[id] = name }
            }
            guard !ids.isEmpty, !metrics.isEmpty else { return [:] }
            var sums: [Int64: [Int64: (total: Double, n: Int64)]] = [:]
            try Self.forEachSection(of: ids, from: start, to: end, db) { charger, section, total, n in
                guard metrics[section.metric] != nil else { return }
                sums[charger, default: [:]][section.metric, default: (0, 0)].total += total
                sums[charger, default: [:]][section.metric, default: (0, 0)].n += n
            }
            var result: [String: SampleTotals] = [:]
            for (charger, perMetric) in sums {
                guard let id = ids[charger] else { continue }
                for (metric, sum) in perMetric {
                    guard let name = metrics[metric] else { continue }
                    result[id, default: SampleTotals()].sums[name] = sum.total
                    result[id, default: SampleTotals()].counts[name] = Int(sum.n)
                }
            }
            return result
        }
    }

    public func chargersSeen(_ chargers: [String], window: EvidenceWindow) throws -> Set<String> {
        try pool.read { db in
            try SampleQuery.prepare(db)
            let start = SampleQuery.micros(window.start), end = SampleQuery.micros(window.end)
            guard start < end, !chargers.isEmpty else { return [] }
            let ids = try Self.sampleChargerIDs(chargers, db)
            guard !ids.isEmpty else { return [] }
            var seen: Set<String> = []
            try Self.forEachSection(of: ids, from: start, to: end, db) { charger, _, _, n in
                if n > 0, let id = ids[charger] { seen.insert(id) }
            }
            return seen
        }
    }

    /// Calls `body` with each section of the rows of `ids` on the days [start, end) touches, day by day, with its
    /// sum and count within the window (the stored ones on a day wholly inside it).
    private static func forEachSection(of ids: [Int64: String], from start: Int64, to end: Int64, _ db: Database,
                                       _ body: (Int64, ChargerDay.Section, Double, Int64) throws -> Void) throws {
        let firstDay = Self.firstDay(start), lastDay = Self.lastDay(end)
        let rows = try RawStatement(db, """
            SELECT day, charger, data FROM sample_rows WHERE day >= ? AND day <= ? AND charger IN (SELECT value FROM json_each(?)) ORDER BY day, charger
            """)
        rows.bind(1, firstDay); rows.bind(2, lastDay); rows.bind(3, Self.jsonList(Array(ids.keys)))
        while try rows.step() {
            let day = rows.int64(0), charger = rows.int64(1)
            let whole = day > firstDay && day < lastDay
            let intact = try ChargerDay.forEach(rows.blob(2), day: day) { section in
                if whole {
                    try body(charger, section, section.total, section.n)
                } else {
                    let (total, n) = SampleChunk.sum(section.samples, day: day, from: start, to: end)
                    try body(charger, section, total, Int64(n))
                }
            }
            guard intact else {
                rows.reset()
                throw StoreError("the stored samples of day \(ISOTimeText.day(day)), charger \(charger) are damaged; run `migrate verify`")
            }
        }
    }

    /// Sample charger id → charger id, for those of `chargers` that have samples.
    private static func sampleChargerIDs(_ chargers: [String], _ db: Database) throws -> [Int64: String] {
        var ids: [Int64: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, charger FROM sample_chargers WHERE charger IN (SELECT value FROM json_each(?))",
                                       arguments: [SampleQuery.jsonArray(chargers)])
        while let row = try rows.next() { ids[row[0]] = row[1] }
        return ids
    }

    private static func jsonList(_ ids: [Int64]) -> String { "[" + ids.map(String.init).joined(separator: ",") + "]" }
    private static func firstDay(_ start: Int64) -> Int64 { SampleWriter.floorDiv(start, SampleQuery.microsPerDay) }
    private static func lastDay(_ end: Int64) -> Int64 { SampleWriter.floorDiv(end - 1, SampleQuery.microsPerDay) }
}
