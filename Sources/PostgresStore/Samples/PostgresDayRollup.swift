import Crypto
import Engine
import Foundation
import PostgresNIO
import Store

/// After an import changed a UTC day: the day's digest (`PostgresDayDigest`'s bytes, groups ordered by metric name and
/// charger id), from the rows as the import wrote them (a day new to the store, written once) or read back once
/// (`refresh`). The rows' rollups are written with the rows, the fleet-wide sums as they are written
/// (`PostgresFleetAdds`).
enum PostgresDayRollup {
    /// Store id → name bytes, for the digest's order and bytes.
    struct Names {
        var metrics: [Int32: [UInt8]] = [:]
        var chargers: [Int32: [UInt8]] = [:]

        init(_ names: PostgresSampleNames) {
            for (name, id) in names.metricIDs { metrics[id] = Array(name.utf8) }
            for (name, id) in names.chargerIDs { chargers[id] = Array(name.utf8) }
        }
    }

    struct Rollup: Equatable {
        var total: Double
        var n: Int64
        var first: Int64
        var last: Int64
    }

    /// For the import's transaction: room to sort in memory (the digests and rollups of a day built on the server
    /// when rows are migrated or copied; the default 4 MB spills to disk).
    static let workMemory: PostgresQuery = "SET LOCAL work_mem = '64MB'"

    /// A day's samples, as (metric, charger) groups of samples in time order, each a range of the flat arrays with
    /// its sum added in time order from 0.
    struct Content {
        var time: [Int64] = [], value: [Double] = []
        var groups: [Group] = []

        struct Group {
            var metric: Int32
            var charger: Int32
            var range: Range<Int>
            var total: Double
            var metricName: [UInt8] = []
            var chargerName: [UInt8] = []
        }

        /// Adds a row's samples (sorted by metric, then time).
        mutating func add(charger: Int32, m: ArraySlice<Int32>, t: ArraySlice<Int64>, v: ArraySlice<Double>) {
            let base = time.count
            time.append(contentsOf: t); value.append(contentsOf: v)
            let ms = Array(m)
            var start = 0
            for k in 1...max(1, ms.count) where !ms.isEmpty && (k == ms.count || ms[k] != ms[start]) {
                var total = 0.0
                for i in (base + start)..<(base + k) { total += value[i] }
                groups.append(Group(metric: ms[start], charger: charger, range: (base + start)..<(base + k), total: total))
                start = k
            }
        }
    }

    /// Reads the day's rows back and finishes it (`finish`).
    static func refresh(day: Int64, names: Names, _ c: PostgresConnection) async throws -> PostgresDayDigest.Day {
        let d = Int32(truncatingIfNeeded: day)
        var content = Content()
        let rows = try await c.query("SELECT charger, m, t, v FROM sample_rows WHERE day = \(d)", logger: c.logger)
        for try await (charger, m, t, v) in rows.decode((Int32, [Int32], [Int64], [Double]).self) {
            guard m.count == t.count, t.count == v.count else {
                throw StoreError("the sample row of day \(PostgresDayDigest.dayText(day)), charger id \(charger) has \(m.count) metrics, \(t.count) times and \(v.count) values")
            }
            content.add(charger: charger, m: m[...], t: t[...], v: v[...])
        }
        return try await finish(day: d, content, names: names, c)
    }

    /// The day's digest: groups by metric name, then charger id, bytewise (`PostgresDayDigest`'s bytes).
    static func finish(day d: Int32, _ content: Content, names: Names, _ c: PostgresConnection) async throws -> PostgresDayDigest.Day {
        var groups = content.groups
        func name(_ table: [Int32: [UInt8]], _ id: Int32) throws -> [UInt8] {
            guard let n = table[id] else { throw StoreError("the sample tables name no metric or charger with id \(id)") }
            return n
        }
        for i in groups.indices {
            groups[i].metricName = try name(names.metrics, groups[i].metric)
            groups[i].chargerName = try name(names.chargers, groups[i].charger)
        }
        groups.sort { a, b in
            a.metricName != b.metricName ? a.metricName.lexicographicallyPrecedes(b.metricName) : a.chargerName.lexicographicallyPrecedes(b.chargerName)
        }
        var hasher = SHA256()
        var out: [UInt8] = []
        for g in groups {
            out.removeAll(keepingCapacity: true)
            func u32(_ n: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: n).littleEndian) { out.append(contentsOf: $0) } }
            u32(g.metricName.count); out.append(contentsOf: g.metricName)
            u32(g.chargerName.count); out.append(contentsOf: g.chargerName)
            u32(g.range.count)
            for i in g.range {
                withUnsafeBytes(of: UInt64(bitPattern: content.time[i]).littleEndian) { out.append(contentsOf: $0) }
                withUnsafeBytes(of: content.value[i].bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
            hasher.update(data: out)
        }
        return PostgresDayDigest.Day(chunks: groups.count, samples: content.time.count,
                                     digest: hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }
}
