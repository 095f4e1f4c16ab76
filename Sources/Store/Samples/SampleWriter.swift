import Foundation
internal import GRDB

/// Writes buffered samples inside the caller's transaction, a (day, charger) row at a time holding that charger's
/// chunks of every metric (`ChargerDay`), merging with a row already stored; adds the samples newly stored to the
/// fleet-wide sums. Counts what it stored and duplicates, per UTC day.
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
    /// The seals of fresh days (`SampleSeal`) without their fleet-wide sums yet, hashed as the rows were written:
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
    private let anyRow: RawStatement
    /// The row being written: its samples, metric by metric, and where each metric's start in `samples`.
    var samples: [(time: Int64, value: Double)] = []
    var metrics: [(metric: Int64, start: Int)] = []
    /// The samples of the row newly stored (all of them, or what a merge added), the same way.
    var added: [(time: Int64, value: Double)] = []
    var addedMetrics: [(metric: Int64, start: Int)] = []
    var encoder = ChargerDayEncoder(day: 0)

    init(db: Database) throws {
        self.db = db
        insert = try RawStatement(db, "INSERT INTO sample_rows (day, charger, n, data) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
        select = try RawStatement(db, "SELECT data FROM sample_rows WHERE day = ? AND charger = ?")
        update = try RawStatement(db, "UPDATE sample_rows SET n = ?, data = ? WHERE day = ? AND charger = ?")
        anyRow = try RawStatement(db, "SELECT 1 FROM sample_rows WHERE day = ? LIMIT 1")
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
        samples.reserveCapacity(1024)
    }

    /// Writes the samples `order[range]` of `buffer` (in key order, see `SampleBuffer.order`); `names` gives the
    /// metric names and charger ids of store ids, for the digests of fresh days.
    mutating func write(_ buffer: SampleBuffer, _ order: [Int32], _ range: Range<Int>, names: SampleIDs) throws {
        var k = range.lowerBound
        var currentDay: Int64?
        while k < range.upperBound {
            let head = Int(order[k])
            let day = buffer.day(head), charger = buffer.charger[head]
            if day != currentDay {
                try endDay(names)
                try beginDay(day)
                currentDay = day
            }
            samples.removeAll(keepingCapacity: true)
            metrics.removeAll(keepingCapacity: true)
            while k < range.upperBound {
                let i = Int(order[k])
                guard buffer.charger[i] == charger, buffer.day(i) == day else { break }
                let metric = Int64(buffer.metric[i])
                if let last = metrics.last, last.metric == metric, samples[samples.count - 1].time == buffer.time[i] {
                    // The same sample twice in what is being written.
                    let previous = samples[samples.count - 1].value
                    guard previous == buffer.value[i] else {
                        throw SampleConflict(metric: Int32(metric), charger: charger, time: buffer.time[i], value: buffer.value[i], stored: previous)
                    }
                    duplicates += 1
                } else {
                    if metrics.last?.metric != metric { metrics.append((metric, samples.count)) }
                    samples.append((buffer.time[i], buffer.value[i]))
                }
                k += 1
            }
            try store(day: day, charger: Int64(charger))
        }
        try endDay(names)
        try flushFleetSums()
    }

    /// Starts writing `day`: hashed as it is written when no row of it is stored yet; a day written before
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
        anyRow.bind(1, day)
        if try anyRow.firstInt64() == nil {
            hashing = day
            hasher = SampleDayHasher(day: day)
            sealing = try !hasFleetSums(day)
            sealer = SealHasher()
        }
    }

    /// Whether any fleet-wide sum of `day` is stored (a day without rows has none, unless the tables were edited).
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

    /// The samples of metric number `k` of `metrics` in `samples`.
    static func slice(_ samples: [(time: Int64, value: Double)], _ metrics: [(metric: Int64, start: Int)], _ k: Int)
        -> ArraySlice<(time: Int64, value: Double)> {
        samples[metrics[k].start..<(k + 1 < metrics.count ? metrics[k + 1].start : samples.count)]
    }

    /// Stores the row of `samples` as a new row, or merges it into the stored one; then counts what was added.
    private mutating func store(day: Int64, charger: Int64) throws {
        encoder.reset(day: day)
        for k in metrics.indices { encoder.add(metric: metrics[k].metric, samples: Self.slice(samples, metrics, k)) }
        insert.bind(1, day); insert.bind(2, charger); insert.bind(3, encoder.n)
        let inserted = try encoder.bytes.withUnsafeBytes { bytes in
            insert.bindNoCopy(4, bytes)
            try insert.run()
            return insert.changes > 0
        }
        if inserted {
            swap(&added, &samples)
            swap(&addedMetrics, &metrics)
            if hashing == day {
                let hashed = encoder.bytes.withUnsafeBytes { bytes in
                    ChargerDay.forEach(bytes, day: day) { hasher.add(metric: $0.metric, charger: charger, encoded: $0.samples) }
                }
                assert(hashed)
                if sealing { encoder.bytes.withUnsafeBytes { SampleSeal.addRow(&sealer, charger: charger, n: encoder.n, data: $0) } }
            }
        } else {
            try merge(day: day, charger: charger)
        }
        for k in addedMetrics.indices {
            let metric = addedMetrics[k].metric
            let chunk = Self.slice(added, addedMetrics, k)
            stored += chunk.count
            addedPerDay[day, default: 0] += chunk.count
            fleetDays.add(SumTable.key(metric: metric, bucket: day), total: Self.total(chunk), count: Int64(chunk.count))
            for s in chunk {
                fleetSeconds.add(SumTable.key(metric: metric, bucket: Self.floorDiv(s.time, 1_000_000)), total: s.value, count: 1)
            }
        }
        added.removeAll(keepingCapacity: true)
        addedMetrics.removeAll(keepingCapacity: true)
        if fleetSeconds.count > 1 << 18 { try flushFleetSums() }
    }

    /// Merges the row of `samples` into the stored row of the same key, metric by metric: a time already stored
    /// with the same value is a duplicate, with another value a conflict. Leaves the samples added in `added`.
    private mutating func merge(day: Int64, charger: Int64) throws {
        select.bind(1, day); select.bind(2, charger)
        guard try select.step() else { throw StoreError("a sample row vanished during the import") }
        let old = [UInt8](select.blob(0))
        select.reset()
        encoder.reset(day: day)
        var k = 0
        let intact = try old.withUnsafeBytes { bytes in
            try ChargerDay.forEach(bytes, day: day) { section in
                while k < metrics.count, metrics[k].metric < section.metric { addNew(k); k += 1 }
                if k < metrics.count, metrics[k].metric == section.metric {
                    try mergeSection(section, k, day: day, charger: charger)
                    k += 1
                } else {
                    encoder.add(section)
                }
            }
        }
        guard intact else {
            throw StoreError("the stored samples of day \(ISOTimeText.day(day)), charger \(charger) are damaged; run `migrate verify`")
        }
        while k < metrics.count { addNew(k); k += 1 }
        guard !added.isEmpty else { return }
        update.bind(1, encoder.n); update.bind(3, day); update.bind(4, charger)
        try encoder.bytes.withUnsafeBytes { bytes in
            update.bindNoCopy(2, bytes)
            try update.run()
        }
    }

    /// A metric the stored row does not hold: all of its samples are added.
    private mutating func addNew(_ k: Int) {
        let chunk = Self.slice(samples, metrics, k)
        encoder.add(metric: metrics[k].metric, samples: chunk)
        addedMetrics.append((metrics[k].metric, added.count))
        added.append(contentsOf: chunk)
    }

    /// Merges metric number `k` of the row being written into its stored `section`.
    private mutating func mergeSection(_ section: ChargerDay.Section, _ k: Int, day: Int64, charger: Int64) throws {
        guard let old = SampleChunk.decode(section.samples, day: day) else {
            throw StoreError("the stored samples of day \(ISOTimeText.day(day)), metric \(section.metric), charger \(charger) are damaged; run `migrate verify`")
        }
        let metric = section.metric
        var merged: [(time: Int64, value: Double)] = []
        merged.reserveCapacity(old.count + samples.count)
        let start = added.count
        var a = 0
        for s in Self.slice(samples, metrics, k) {
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
        if added.count == start {
            encoder.add(section)
        } else {
            addedMetrics.append((metric, start))
            encoder.add(metric: metric, samples: merged)
        }
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

    /// The sum of a chunk's values, added in time order: the `total` a chunk holds.
    @inline(__always) static func total<C: Collection>(_ samples: C) -> Double where C.Element == (time: Int64, value: Double) {
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
