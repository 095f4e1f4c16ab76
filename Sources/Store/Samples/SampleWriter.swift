import Foundation
internal import GRDB

/// Writes one file's samples inside the caller's transaction: interns names and charger ids, inserts
/// the samples in key order (so the b-tree grows at its ends), and adds the new ones to the daily rollups.
struct SampleWriter {
    let db: Database
    let file: String

    static let microsPerDay: Int64 = 86_400_000_000

    struct SortKey {
        var metricCharger: UInt64
        var time: Int64
        var index: Int32
    }

    func write(_ parsed: ParsedSamples) throws -> (stored: Int, duplicates: Int) {
        let metricIDs = try parsed.metricNames.map { try intern($0, table: "metric_names", column: "name") }
        let chargerIDs = try parsed.chargerIDs.map { try intern($0, table: "sample_chargers", column: "charger") }
        var keys: [SortKey] = []
        keys.reserveCapacity(parsed.count)
        for i in 0..<parsed.count {
            let hi = UInt64(metricIDs[Int(parsed.metric[i])]) << 32 | UInt64(chargerIDs[Int(parsed.charger[i])])
            keys.append(SortKey(metricCharger: hi, time: parsed.time[i], index: Int32(i)))
        }
        keys.sort { a, b in
            if a.metricCharger != b.metricCharger { return a.metricCharger < b.metricCharger }
            if a.time != b.time { return a.time < b.time }
            return a.index < b.index
        }
        let insert = try RawStatement(db, "INSERT INTO samples (metric, charger, t, value) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
        let existing = try RawStatement(db, "SELECT value FROM samples WHERE metric = ? AND charger = ? AND t = ?")
        let rollup = try RawStatement(db, """
            INSERT INTO sample_days (metric, charger, day, total, n) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (metric, charger, day) DO UPDATE SET total = total + excluded.total, n = n + excluded.n
            """)
        var fleetDays = SumTable(), fleetSeconds = SumTable(capacity: 1 << 16)
        var stored = 0, duplicates = 0
        // The (metric, charger, day) bucket being summed; samples come in key order.
        var bucketKey: UInt64 = 0, bucketDay: Int64 = 0, total = 0.0, n: Int64 = 0
        for key in keys {
            let i = Int(key.index)
            let metric = Int64(key.metricCharger >> 32), charger = Int64(key.metricCharger & 0xFFFF_FFFF)
            let value = parsed.value[i]
            insert.bind(1, metric); insert.bind(2, charger); insert.bind(3, key.time); insert.bind(4, value)
            try insert.run()
            if insert.changes == 0 {
                existing.bind(1, metric); existing.bind(2, charger); existing.bind(3, key.time)
                let old = try existing.firstDouble()
                if let old, old != value {
                    throw SampleImportError(file: file, line: Int(parsed.line[i]), reason: """
                        charger \(parsed.chargerIDs[Int(parsed.charger[i])]), metric \(parsed.metricNames[Int(parsed.metric[i])]) \
                        at \(Self.format(key.time)) has value \(Self.format(value)), but \(Self.format(old)) is already stored for the same \
                        charger, metric and time (from an earlier import or an earlier line of this file); a sample is never overwritten
                        """)
                }
                duplicates += 1
                continue
            }
            stored += 1
            let day = Self.floorDiv(key.time, Self.microsPerDay)
            if n == 0 || bucketKey != key.metricCharger || bucketDay != day {
                if n > 0 { try Self.addRollup(rollup, bucketKey, bucketDay, total, n, &fleetDays) }
                bucketKey = key.metricCharger; bucketDay = day; total = 0; n = 0
            }
            total += value; n += 1
            fleetSeconds.add(SumTable.key(metric: metric, bucket: Self.floorDiv(key.time, 1_000_000)), total: value, count: 1)
        }
        if n > 0 { try Self.addRollup(rollup, bucketKey, bucketDay, total, n, &fleetDays) }
        for (table, column, sums) in [("fleet_days", "day", fleetDays), ("fleet_seconds", "second", fleetSeconds)] {
            let upsert = try RawStatement(db, """
                INSERT INTO \(table) (metric, \(column), total, n) VALUES (?, ?, ?, ?)
                ON CONFLICT (metric, \(column)) DO UPDATE SET total = total + excluded.total, n = n + excluded.n
                """)
            for entry in sums.sorted() {
                upsert.bind(1, SumTable.metric(of: entry.key)); upsert.bind(2, SumTable.bucket(of: entry.key))
                upsert.bind(3, entry.total); upsert.bind(4, entry.count)
                try upsert.run()
            }
        }
        return (stored, duplicates)
    }

    /// Adds one (metric, charger, day) sum to `sample_days` and to the fleet's day sums.
    @inline(__always)
    private static func addRollup(_ rollup: RawStatement, _ metricCharger: UInt64, _ day: Int64, _ total: Double, _ n: Int64,
                                  _ fleetDays: inout SumTable) throws {
        let metric = Int64(metricCharger >> 32)
        rollup.bind(1, metric); rollup.bind(2, Int64(metricCharger & 0xFFFF_FFFF)); rollup.bind(3, day)
        rollup.bind(4, total); rollup.bind(5, n)
        try rollup.run()
        fleetDays.add(SumTable.key(metric: metric, bucket: day), total: total, count: n)
    }

    private func intern(_ text: String, table: String, column: String) throws -> Int64 {
        try db.execute(sql: "INSERT OR IGNORE INTO \(table) (\(column)) VALUES (?)", arguments: [text])
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM \(table) WHERE \(column) = ?"), arguments: [text]) else {
            throw StoreError("could not record \(column) \(text)")
        }
        return id
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func format(_ micros: Int64) -> String {
        let seconds = floorDiv(micros, 1_000_000), rest = micros - seconds * 1_000_000
        let base = ISOTimeText.format(seconds: seconds)
        return rest == 0 ? base : base.replacingOccurrences(of: "Z", with: String(format: ".%06dZ", rest))
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }
}

/// UTC times as text without a formatter.
enum ISOTimeText {
    static func format(seconds: Int64) -> String {
        let days = SampleWriter.floorDiv(seconds, 86_400)
        let secs = Int(seconds - days * 86_400)
        let (y, m, d) = civil(days: Int(days))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// The proleptic Gregorian date of a day count since 1970 (Howard Hinnant's algorithm).
    static func civil(days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
