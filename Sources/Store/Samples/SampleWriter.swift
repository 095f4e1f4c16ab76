import Foundation
internal import GRDB

/// Writes one file's samples inside the caller's transaction: interns names and charger ids, sorts the
/// samples by key, and stores them a (metric, charger, day) chunk at a time with the chunk's sums, merging
/// with a chunk already stored; then adds the new samples to the fleet-wide sums.
struct SampleWriter {
    let db: Database
    let file: String

    static let microsPerDay: Int64 = 86_400_000_000

    struct SortKey {
        var metricCharger: UInt64
        var time: Int64
        var value: Double
        var index: Int32
    }

    func write(_ parsed: ParsedSamples) throws -> (stored: Int, duplicates: Int) {
        let metricIDs = try parsed.metricNames.map { try intern($0, table: "metric_names", column: "name") }
        let chargerIDs = try parsed.chargerIDs.map { try intern($0, table: "sample_chargers", column: "charger") }
        let keys = Self.sortedKeys(parsed, metricIDs: metricIDs, chargerIDs: chargerIDs)
        let insert = try RawStatement(db, """
            INSERT INTO sample_days (metric, charger, day, total, n, first, last, samples) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """)
        var fleetDays = SumTable(), fleetSeconds = SumTable(capacity: 1 << 16)
        var stored = 0, duplicates = 0
        var chunk: [(time: Int64, value: Double)] = []
        var chunkKeys: [Int] = []
        var start = 0
        while start < keys.count {
            let head = keys[start]
            let day = Self.floorDiv(head.time, Self.microsPerDay)
            let dayEnd = (day + 1) * Self.microsPerDay
            chunk.removeAll(keepingCapacity: true)
            chunkKeys.removeAll(keepingCapacity: true)
            var k = start
            while k < keys.count, keys[k].metricCharger == head.metricCharger, keys[k].time < dayEnd {
                let key = keys[k]
                if let last = chunk.last, last.time == key.time {
                    // The same sample twice in this file.
                    guard last.value == key.value else { throw conflict(parsed, key, old: last.value) }
                    duplicates += 1
                } else {
                    chunk.append((key.time, key.value))
                    chunkKeys.append(k)
                }
                k += 1
            }
            start = k
            let metric = Int64(head.metricCharger >> 32), charger = Int64(head.metricCharger & 0xFFFF_FFFF)
            var total = 0.0
            for s in chunk { total += s.value }
            insert.bind(1, metric); insert.bind(2, charger); insert.bind(3, day); insert.bind(4, total)
            insert.bind(5, Int64(chunk.count)); insert.bind(6, chunk[0].time); insert.bind(7, chunk[chunk.count - 1].time)
            insert.bind(8, SampleChunk.encode(chunk))
            try insert.run()
            var added = chunk
            if insert.changes == 0 {
                added = try merge(parsed, keys, chunkKeys, metric: metric, charger: charger, day: day, duplicates: &duplicates)
                total = 0
                for s in added { total += s.value }
            }
            if added.isEmpty { continue }
            stored += added.count
            fleetDays.add(SumTable.key(metric: metric, bucket: day), total: total, count: Int64(added.count))
            for s in added {
                fleetSeconds.add(SumTable.key(metric: metric, bucket: Self.floorDiv(s.time, 1_000_000)), total: s.value, count: 1)
            }
        }
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

    /// The samples in key order (metric id, charger id, time, then line). A counting sort by (metric,
    /// charger) keeps each pair's samples in file order, which is usually time order already; a pair
    /// whose samples are not is sorted on its own. Too many pairs for a table: a comparison sort.
    static func sortedKeys(_ parsed: ParsedSamples, metricIDs: [Int64], chargerIDs: [Int64]) -> [SortKey] {
        let n = parsed.count
        func key(_ i: Int) -> SortKey {
            SortKey(metricCharger: UInt64(metricIDs[Int(parsed.metric[i])]) << 32 | UInt64(chargerIDs[Int(parsed.charger[i])]),
                    time: parsed.time[i], value: parsed.value[i], index: Int32(i))
        }
        func before(_ a: SortKey, _ b: SortKey) -> Bool {
            if a.metricCharger != b.metricCharger { return a.metricCharger < b.metricCharger }
            if a.time != b.time { return a.time < b.time }
            return a.index < b.index
        }
        let metrics = metricIDs.count, chargers = chargerIDs.count
        guard metrics * chargers <= max(1 << 20, 4 * n) else {
            return (0..<n).map(key).sorted(by: before)
        }
        // Rank local indexes by their store ids, so that buckets come in store-key order.
        var metricRank = [Int](repeating: 0, count: metrics), chargerRank = [Int](repeating: 0, count: chargers)
        for (rank, local) in metricIDs.indices.sorted(by: { metricIDs[$0] < metricIDs[$1] }).enumerated() { metricRank[local] = rank }
        for (rank, local) in chargerIDs.indices.sorted(by: { chargerIDs[$0] < chargerIDs[$1] }).enumerated() { chargerRank[local] = rank }
        var bucketOf = [Int32](repeating: 0, count: n)
        var starts = [Int](repeating: 0, count: metrics * chargers + 1)
        for i in 0..<n {
            let b = metricRank[Int(parsed.metric[i])] * chargers + chargerRank[Int(parsed.charger[i])]
            bucketOf[i] = Int32(b)
            starts[b + 1] += 1
        }
        for b in 0..<(metrics * chargers) { starts[b + 1] += starts[b] }
        var next = starts
        var keys = [SortKey](repeating: SortKey(metricCharger: 0, time: 0, value: 0, index: 0), count: n)
        for i in 0..<n {
            let b = Int(bucketOf[i])
            keys[next[b]] = key(i)
            next[b] += 1
        }
        for b in 0..<(metrics * chargers) where starts[b + 1] - starts[b] > 1 {
            var ordered = true
            for k in (starts[b] + 1)..<starts[b + 1] where keys[k].time < keys[k - 1].time { ordered = false; break }
            if !ordered { keys[starts[b]..<starts[b + 1]].sort(by: before) }
        }
        return keys
    }

    /// Merges the file's samples of one chunk (`keys[chunkKeys]`) into the stored chunk: a time already
    /// stored with the same value is a duplicate, with another value a conflict. Returns the samples added.
    private func merge(_ parsed: ParsedSamples, _ keys: [SortKey], _ chunkKeys: [Int], metric: Int64, charger: Int64, day: Int64,
                       duplicates: inout Int) throws -> [(time: Int64, value: Double)] {
        guard let row = try Row.fetchOne(db, sql: "SELECT total, n, samples FROM sample_days WHERE metric = ? AND charger = ? AND day = ?",
                                         arguments: [metric, charger, day]) else { throw StoreError("a sample chunk vanished during the import") }
        let blob: Data = row["samples"]
        let old = blob.withUnsafeBytes { SampleChunk.decode($0) }
        var merged: [(time: Int64, value: Double)] = []
        merged.reserveCapacity(old.count + chunkKeys.count)
        var added: [(time: Int64, value: Double)] = []
        var a = 0
        for k in chunkKeys {
            let key = keys[k]
            while a < old.count, old[a].time < key.time { merged.append(old[a]); a += 1 }
            if a < old.count, old[a].time == key.time {
                guard old[a].value == key.value else { throw conflict(parsed, key, old: old[a].value) }
                duplicates += 1
                continue
            }
            merged.append((key.time, key.value))
            added.append((key.time, key.value))
        }
        merged.append(contentsOf: old[a...])
        guard !added.isEmpty else { return [] }
        var addedTotal = 0.0
        for s in added { addedTotal += s.value }
        let update = try RawStatement(db, "UPDATE sample_days SET total = total + ?, n = n + ?, first = ?, last = ?, samples = ? WHERE metric = ? AND charger = ? AND day = ?")
        update.bind(1, addedTotal); update.bind(2, Int64(added.count)); update.bind(3, merged[0].time); update.bind(4, merged[merged.count - 1].time)
        update.bind(5, SampleChunk.encode(merged)); update.bind(6, metric); update.bind(7, charger); update.bind(8, day)
        try update.run()
        return added
    }

    private func conflict(_ parsed: ParsedSamples, _ key: SortKey, old: Double) -> SampleImportError {
        let i = Int(key.index)
        return SampleImportError(file: file, line: Int(parsed.line[i]), reason: """
            charger \(parsed.chargerIDs[Int(parsed.charger[i])]), metric \(parsed.metricNames[Int(parsed.metric[i])]) \
            at \(Self.format(key.time)) has value \(Self.format(key.value)), but \(Self.format(old)) is already stored for the same \
            charger, metric and time (from an earlier import or an earlier line of this file); a sample is never overwritten
            """)
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
