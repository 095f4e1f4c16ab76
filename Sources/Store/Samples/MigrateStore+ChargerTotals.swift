import Engine
import Foundation
import Gates
internal import GRDB

/// Per-charger sums for a phase's preflight: each candidate judged on its own samples. One grouped query over the
/// stored day chunks of the candidates (whole days from their stored sums, the partial edge days from their samples),
/// the same arithmetic `SampleQuery` uses for a group.
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
            var result: [String: SampleTotals] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT charger, metric,
                    TOTAL(CASE WHEN day > ?3 AND day < ?4 THEN total ELSE migrate_chunk_sum(samples, day, ?5, ?6) END),
                    TOTAL(CASE WHEN day > ?3 AND day < ?4 THEN n ELSE migrate_chunk_count(samples, day, ?5, ?6) END)
                FROM sample_chunks
                WHERE metric IN (SELECT value FROM json_each(?1)) AND charger IN (SELECT value FROM json_each(?2)) AND day >= ?3 AND day <= ?4
                GROUP BY charger, metric
                """, arguments: [Self.jsonList(Array(metrics.keys)), Self.jsonList(Array(ids.keys)), Self.firstDay(start), Self.lastDay(end), start, end])
            while let row = try rows.next() {
                guard let charger = ids[row[0]], let name = metrics[row[1]] else { continue }
                result[charger, default: SampleTotals()].sums[name] = row[2]
                result[charger, default: SampleTotals()].counts[name] = Int((row[3] as Double).rounded())
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
            let seen = try Int64.fetchAll(db, sql: """
                SELECT charger FROM sample_chunks
                WHERE charger IN (SELECT value FROM json_each(?1)) AND day >= ?2 AND day <= ?3
                GROUP BY charger
                HAVING SUM(CASE WHEN day > ?2 AND day < ?3 THEN n ELSE migrate_chunk_count(samples, day, ?4, ?5) END) > 0
                """, arguments: [Self.jsonList(Array(ids.keys)), Self.firstDay(start), Self.lastDay(end), start, end])
            return Set(seen.compactMap { ids[$0] })
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
