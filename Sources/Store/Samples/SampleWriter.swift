import Foundation
internal import GRDB

/// Writes buffered samples inside the caller's transaction, a (day, metric, charger) chunk at a time with
/// the chunk's sums, merging with a chunk already stored; adds the samples newly stored to the fleet-wide
/// sums. Counts what it stored and duplicates, per UTC day.
struct SampleWriter {
    static let microsPerDay: Int64 = 86_400_000_000

    let db: Database
    private let insert: RawStatement, select: RawStatement, update: RawStatement
    private let upsertDays: RawStatement, upsertSeconds: RawStatement
    private var fleetDays = SumTable(), fleetSeconds = SumTable(capacity: 1 << 16)
    private(set) var stored = 0
    private(set) var duplicates = 0
    /// UTC day → samples newly stored on it.
    private(set) var addedPerDay: [Int64: Int] = [:]
    /// The digests of days this import wrote whole into a day that had no samples, computed as they were
    /// written (the others are read back at the end).
    private(set) var freshDays: [Int64: SampleDayDigest.Day] = [:]
    /// The seals of fresh days (`SampleSeal`) without their fleet-wide sums yet, hashed as the chunks were written:
    /// only of days that had no fleet-wide sums either when the import began writing them.
    private(set) var freshSeals: [Int64: SealHasher] = [:]
    private var sealer = SealHasher()
    private var sealing = false
    private let anyFleetDay: RawStatement, anyFleetSecond: RawStatement
    /// The metrics with per-second sums when the import began.
    private let fleetMetrics: [Int64]
    private var touched: Set<Int64> = []
    private var hashing: Int64?
    private var hasher = SampleDayHasher(day: 0)
    private var order: SampleNameOrder?
    private let anyChunk: RawStatement
    private var chunk: [(time: Int64, value: Double)] = []

    init(db: Database) throws {
        self.db = db
        insert = try RawStatement(db, """
            INSERT INTO sample_chunks (day, metric, charger, total, n, first, last, samples) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """)
        select = try RawStatement(db, "SELECT samples FROM sample_chunks WHERE day = ? AND metric = ? AND charger = ?")
        update = try RawStatement(db, "UPDATE sample_chunks SET total = ?, n = ?, first = ?, last = ?, samples = ? WHERE day = ? AND metric = ? AND charger = ?")
        anyChunk = try RawStatement(db, "SELECT 1 FROM sample_chunks WHERE day = ? LIMIT 1")
        anyFleetDay = try RawStatement(db, "SELECT 1 FROM fleet_days WHERE day = ? LIMIT 1")
        anyFleetSecond = try RawStatement(db, "SELECT 1 FROM fleet_seconds WHERE metric = ? AND second >= ? AND second < ? LIMIT 1")
        let nextMetric = try RawStatement(db, "SELECT metric FROM fleet_seconds WHERE metric > ? ORDER BY metric LIMIT 1")
        var metrics: [Int64] = []
        while true {
            nextMetric.bind(1, metrics.last ?? Int64.min)
            guard let m = try nextMetric.firstInt64() else { break }
            metrics.append(m)
        }
        fleetMetrics = metrics
        func upsert(_ table: String, _ column: String) throws -> RawStatement {
            try RawStatement(db, """
                INSERT INTO \(table) (metric, \(column), total, n) VALUES (?, ?, ?, ?)
                ON CONFLICT (metric, \(column)) DO UPDATE SET total = total + excluded.total, n = n + excluded.n
                """)
        }
        upsertDays = try upsert("fleet_days", "day")
        upsertSeconds = try upsert("fleet_seconds", "second")
        chunk.reserveCapacity(1024)
    }

    /// Writes the samples `order[range]` of `buffer` (in key order, see `SampleBuffer.order`); `names` gives the
    /// metric names and charger ids of store ids, for the digests of fresh days.
    mutating func write(_ buffer: SampleBuffer, _ order: [Int32], _ range: Range<Int>, names: SampleIDs) throws {
        var k = range.lowerBound
        var currentDay: Int64?
        while k < range.upperBound {
            let head = Int(order[k])
            let day = buffer.day(head), metric = buffer.metric[head], charger = buffer.charger[head]
            if day != currentDay {
                try endDay(names)
                try beginDay(day)
                currentDay = day
            }
            chunk.removeAll(keepingCapacity: true)
            while k < range.upperBound {
                let i = Int(order[k])
                guard buffer.charger[i] == charger, buffer.metric[i] == metric, buffer.day(i) == day else { break }
                if let last = chunk.last, last.time == buffer.time[i] {
                    // The same sample twice in what is being written.
                    guard last.value == buffer.value[i] else {
                        throw SampleConflict(metric: metric, charger: charger, time: last.time, value: buffer.value[i], stored: last.value)
                    }
                    duplicates += 1
                } else {
                    chunk.append((buffer.time[i], buffer.value[i]))
                }
                k += 1
            }
            try store(day: day, metric: Int64(metric), charger: Int64(charger))
        }
        try endDay(names)
        try flushFleetSums()
    }

    /// Starts writing `day`: hashed as it is written when no chunk of it is stored yet; a day written before
    /// in this import is read back at the end instead.
    private mutating func beginDay(_ day: Int64) throws {
        hashing = nil
        sealing = false
        if touched.contains(day) {
            freshDays[day] = nil
            freshSeals[day] = nil
            return
        }
        touched.insert(day)
        anyChunk.bind(1, day)
        if try anyChunk.firstInt64() == nil {
            hashing = day
            hasher = SampleDayHasher(day: day)
            sealing = try !hasFleetSums(day)
            sealer = SealHasher()
        }
    }

    /// Whether any fleet-wide sum of `day` is stored (a day without chunks has none, unless the tables were edited).
    private func hasFleetSums(_ day: Int64) throws -> Bool {
        anyFleetDay.bind(1, day)
        if try anyFleetDay.firstInt64() != nil { return true }
        for metric in fleetMetrics {
            anyFleetSecond.bind(1, metric); anyFleetSecond.bind(2, day * 86_400); anyFleetSecond.bind(3, (day + 1) * 86_400)
            if try anyFleetSecond.firstInt64() != nil { return true }
        }
        return false
    }

    private mutating func endDay(_ names: SampleIDs) throws {
        guard let day = hashing else { return }
        if order == nil || order!.metricRank.count <= names.maxMetricID || order!.chargerRank.count <= names.maxChargerID {
            order = names.order()
        }
        if !hasher.overflowed {
            freshDays[day] = hasher.finish(order!)
            if sealing { freshSeals[day] = sealer }
        }
        hasher = SampleDayHasher(day: 0)
        hashing = nil
        sealing = false
        sealer = SealHasher()
    }

    /// Stores `chunk` as a new row, or merges it into the stored one; then counts what was added.
    private mutating func store(day: Int64, metric: Int64, charger: Int64) throws {
        let total = Self.total(chunk)
        insert.bind(1, day); insert.bind(2, metric); insert.bind(3, charger); insert.bind(4, total)
        insert.bind(5, Int64(chunk.count)); insert.bind(6, chunk[0].time); insert.bind(7, chunk[chunk.count - 1].time)
        let inserted = try SampleChunk.withEncoded(chunk, day: day) { bytes in
            insert.bindNoCopy(8, bytes)
            try insert.run()
            guard insert.changes > 0 else { return false }
            if hashing == day {
                hasher.add(metric: metric, charger: charger, encoded: bytes)
                if sealing {
                    SampleSeal.addChunk(&sealer, metric: metric, charger: charger, total: total, n: Int64(chunk.count), first: chunk[0].time,
                                        last: chunk[chunk.count - 1].time, samples: bytes)
                }
            }
            return true
        }
        if !inserted {
            chunk = try merge(day: day, metric: metric, charger: charger)
        }
        guard !chunk.isEmpty else { return }
        stored += chunk.count
        addedPerDay[day, default: 0] += chunk.count
        fleetDays.add(SumTable.key(metric: metric, bucket: day), total: Self.total(chunk), count: Int64(chunk.count))
        for s in chunk {
            fleetSeconds.add(SumTable.key(metric: metric, bucket: Self.floorDiv(s.time, 1_000_000)), total: s.value, count: 1)
        }
        if fleetSeconds.count > 1 << 18 { try flushFleetSums() }
    }

    /// Merges `chunk` into the stored chunk of the same key: a time already stored with the same value is a
    /// duplicate, with another value a conflict. Returns the samples added.
    private mutating func merge(day: Int64, metric: Int64, charger: Int64) throws -> [(time: Int64, value: Double)] {
        select.bind(1, day); select.bind(2, metric); select.bind(3, charger)
        guard try select.step() else { throw StoreError("a sample chunk vanished during the import") }
        let decoded = SampleChunk.decode(select.blob(0), day: day)
        select.reset()
        guard let old = decoded else {
            throw StoreError("the stored samples of day \(ISOTimeText.day(day)), metric \(metric), charger \(charger) are damaged; run `migrate verify`")
        }
        var merged: [(time: Int64, value: Double)] = []
        merged.reserveCapacity(old.count + chunk.count)
        var added: [(time: Int64, value: Double)] = []
        var a = 0
        for s in chunk {
            while a < old.count, old[a].time < s.time { merged.append(old[a]); a += 1 }
            if a < old.count, old[a].time == s.time {
                guard old[a].value == s.value else {
                    throw SampleConflict(metric: Int32(metric), charger: Int32(charger), time: s.time, value: s.value, stored: old[a].value)
                }
                duplicates += 1
                continue
            }
            merged.append(s)
            added.append(s)
        }
        merged.append(contentsOf: old[a...])
        guard !added.isEmpty else { return [] }
        update.bind(1, Self.total(merged)); update.bind(2, Int64(merged.count)); update.bind(3, merged[0].time)
        update.bind(4, merged[merged.count - 1].time)
        update.bind(6, day); update.bind(7, metric); update.bind(8, charger)
        try SampleChunk.withEncoded(merged, day: day) { bytes in
            update.bindNoCopy(5, bytes)
            try update.run()
        }
        return added
    }

    /// Adds the fleet-wide sums gathered so far to `fleet_days` and `fleet_seconds`, and starts afresh.
    mutating func flushFleetSums() throws {
        for (upsert, sums) in [(upsertDays, fleetDays), (upsertSeconds, fleetSeconds)] {
            for entry in sums.sorted() {
                upsert.bind(1, SumTable.metric(of: entry.key)); upsert.bind(2, SumTable.bucket(of: entry.key))
                upsert.bind(3, entry.total); upsert.bind(4, entry.count)
                try upsert.run()
            }
        }
        fleetDays = SumTable()
        fleetSeconds = SumTable(capacity: 1 << 16)
    }

    /// The sum of a chunk's values, added in time order: the `total` a chunk row holds.
    @inline(__always) static func total(_ samples: [(time: Int64, value: Double)]) -> Double {
        var total = 0.0
        for s in samples { total += s.value }
        return total
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

/// A sample whose key (metric, charger, time) is already stored, or earlier in the input, with another value.
/// Store ids; the importer turns it into a message naming the line.
struct SampleConflict: Error {
    var metric: Int32
    var charger: Int32
    var time: Int64
    var value: Double
    var stored: Double
}
