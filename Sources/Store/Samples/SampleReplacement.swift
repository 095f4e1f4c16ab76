import Foundation
internal import GRDB

/// A sample an earlier import stored, whose value a later import of the same input changes (`ocpp import` of
/// a grown log: more events at the instant the earlier read stopped). Names, not store ids: the charger may
/// have no other sample in this import.
struct SampleReplacement {
    var time: Int64
    var charger: String
    var metric: String
    var value: Double
    var replacing: Double
}

/// Applies replacements inside the import's transaction, after its new samples are written: the chunk's
/// sample, its chunk's sums (within the charger's row of the day) and the fleet-wide sums change together. The stored value must be the one the
/// replacement names (else a `SampleConflict`: something else stored a sample there); when nothing is stored
/// (its charger was not in the fleet at the earlier import), the sample is added.
struct SampleReplacer {
    let db: Database
    /// UTC days changed, with the samples added to each (0 when values only changed).
    private(set) var days: [Int64: Int] = [:]
    private(set) var replaced = 0
    private(set) var added = 0

    init(db: Database) { self.db = db }

    /// Applies `r`; false when its charger is not in the fleet (nothing done).
    mutating func apply(_ r: SampleReplacement) throws -> Bool {
        guard try Int.fetchOne(db, sql: "SELECT 1 FROM chargers WHERE id = ?", arguments: [r.charger]) != nil else { return false }
        let charger = try id("sample_chargers", "charger", r.charger)
        let metric = try id("metric_names", "name", r.metric)
        let day = SampleWriter.floorDiv(r.time, SampleWriter.microsPerDay)
        // The charger's row of the day: the other metrics' sections are kept as they are.
        var samples: [(time: Int64, value: Double)] = []
        let row = try Data.fetchOne(db, sql: "SELECT data FROM sample_rows WHERE day = ? AND charger = ?", arguments: [day, charger]) ?? Data()
        var before = ChargerDayEncoder(day: day), after = ChargerDayEncoder(day: day)
        let intact = try row.withUnsafeBytes { bytes in
            try ChargerDay.forEach(bytes, day: day) { section in
                if section.metric < metric { before.add(section) } else if section.metric > metric { after.add(section) } else {
                    guard let decoded = SampleChunk.decode(section.samples, day: day) else {
                        throw StoreError("the stored samples of day \(ISOTimeText.day(day)), metric \(r.metric), charger \(r.charger) are damaged; run `migrate verify`")
                    }
                    samples = decoded
                }
            }
        }
        guard intact else {
            throw StoreError("the stored samples of day \(ISOTimeText.day(day)), charger \(r.charger) are damaged; run `migrate verify`")
        }
        let at = samples.firstIndex { $0.time >= r.time } ?? samples.count
        let delta: Double, newSamples: Int64
        if at < samples.count, samples[at].time == r.time {
            guard samples[at].value == r.replacing else {
                throw SampleConflict(metric: Int32(metric), charger: Int32(charger), time: r.time, value: r.value, stored: samples[at].value)
            }
            delta = r.value - r.replacing
            newSamples = 0
            samples[at].value = r.value
            replaced += 1
        } else {
            delta = r.value
            newSamples = 1
            samples.insert((r.time, r.value), at: at)
            added += 1
        }
        before.add(metric: metric, samples: samples)
        var data = before.bytes
        data.append(contentsOf: after.bytes)
        try db.execute(sql: "INSERT OR REPLACE INTO sample_rows (day, charger, n, data) VALUES (?, ?, ?, ?)",
                       arguments: [day, charger, before.n + after.n, Data(data)])
        for (table, column, bucket) in [("fleet_days", "day", day), ("fleet_seconds", "second", SampleWriter.floorDiv(r.time, 1_000_000))] {
            try db.execute(sql: """
                INSERT INTO \(table) (metric, \(column), total, n) VALUES (?, ?, ?, ?)
                ON CONFLICT (metric, \(column)) DO UPDATE SET total = total + excluded.total, n = n + excluded.n
                """, arguments: [metric, bucket, delta, newSamples])
        }
        days[day, default: 0] += Int(newSamples)
        return true
    }

    private func id(_ table: String, _ column: String, _ name: String) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM \(table) WHERE \(column) = ?", arguments: [name]) { return id }
        try db.execute(sql: "INSERT INTO \(table) (\(column)) VALUES (?)", arguments: [name])
        return db.lastInsertedRowID
    }
}
