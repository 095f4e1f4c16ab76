import Crypto
import Engine
import Foundation
import PostgresNIO
import Store

/// After an import changed a UTC day: reads the day's samples once, as one binary string in key order (metric id,
/// charger id, time), and from it computes the day's digest (`PostgresDayDigest`'s bytes, groups ordered by metric
/// name and charger id) and each (metric, charger) rollup (count, first and last time, sum added in time order from
/// 0, as `verify` adds), then writes the rollups that changed and the day's fleet-wide sums (`PostgresFleetSums`). One query and one write per day instead of joins
/// and sorts over the whole import on the server.
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

    /// For the import's transaction: room to sort a day's samples in memory when the planner reads them by bitmap
    /// (a day of 10,000 chargers is about 200,000 samples, 8 MB to sort; the default 4 MB spills to disk).
    static let workMemory: PostgresQuery = "SET LOCAL work_mem = '64MB'"

    static func refresh(day: Int64, names: Names, _ c: PostgresConnection) async throws -> PostgresDayDigest.Day {
        let log = c.logger
        let d = Int32(truncatingIfNeeded: day)
        // In the primary key's order, so the server reads the index and sorts nothing (an ordered aggregate would
        // sort); `Samples` checks the order and sorts when it is not.
        let bytes = try await c.scalar("""
            SELECT string_agg(int4send(metric) || int4send(charger) || int8send(t) || float8send(v), ''::bytea)
            FROM (SELECT metric, charger, t, v FROM samples WHERE day = \(d) ORDER BY metric, charger, t) s
            """, as: ByteBuffer.self, log) ?? ByteBuffer()
        var stored: [Int64: Rollup] = [:]
        for row in try await c.rows("SELECT metric, charger, total, n, first, last FROM sample_days WHERE day = \(d)", log) {
            let (metric, charger, total, n, first, last) = try row.decode((Int32, Int32, Double, Int64, Int64, Int64).self)
            stored[key(metric, charger)] = Rollup(total: total, n: n, first: first, last: last)
        }
        let samples = try Samples(bytes)
        var groups = samples.groups()
        var changed: (metric: [Int32], charger: [Int32], total: [Double], n: [Int64], first: [Int64], last: [Int64]) = ([], [], [], [], [], [])
        var totals: [Double] = []
        totals.reserveCapacity(groups.count)
        for g in groups {
            var total = 0.0
            for i in g.range { total += samples.value[i] }
            totals.append(total)
            let rollup = Rollup(total: total, n: Int64(g.range.count), first: samples.time[g.range.lowerBound], last: samples.time[g.range.upperBound - 1])
            if stored[key(g.metric, g.charger)].map({ $0.total.bitPattern == total.bitPattern && $0 == rollup }) != true {
                changed.metric.append(g.metric); changed.charger.append(g.charger); changed.total.append(rollup.total)
                changed.n.append(rollup.n); changed.first.append(rollup.first); changed.last.append(rollup.last)
            }
        }
        if !changed.metric.isEmpty {
            try await c.exec("""
                INSERT INTO sample_days (day, metric, charger, total, n, first, last)
                SELECT \(d), * FROM unnest(\(changed.metric)::int[], \(changed.charger)::int[], \(changed.total)::float8[], \(changed.n)::bigint[],
                                          \(changed.first)::bigint[], \(changed.last)::bigint[])
                ON CONFLICT (day, metric, charger) DO UPDATE SET total = excluded.total, n = excluded.n, first = excluded.first, last = excluded.last
                """, log)
        }
        try await PostgresFleetSums.write(day: d, PostgresFleetSums.day(samples, groups, totals: totals), c)
        // The digest: groups by metric name, then charger id, bytewise.
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
                withUnsafeBytes(of: UInt64(bitPattern: samples.time[i]).littleEndian) { out.append(contentsOf: $0) }
                withUnsafeBytes(of: samples.value[i].bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
            hasher.update(data: out)
        }
        return PostgresDayDigest.Day(chunks: groups.count, samples: samples.time.count,
                                     digest: hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }

    static func key(_ metric: Int32, _ charger: Int32) -> Int64 { Int64(metric) << 32 | Int64(UInt32(bitPattern: charger)) }

    /// A day's samples in key order, column by column.
    struct Samples {
        var metric: [Int32] = [], charger: [Int32] = [], time: [Int64] = [], value: [Double] = []

        init(_ buffer: ByteBuffer) throws {
            var b = buffer
            let count = b.readableBytes / 24
            guard b.readableBytes % 24 == 0 else { throw StoreError("a day's samples came back as \(b.readableBytes) bytes, not rows of 24") }
            metric.reserveCapacity(count); charger.reserveCapacity(count); time.reserveCapacity(count); value.reserveCapacity(count)
            while let m = b.readInteger(as: Int32.self), let ch = b.readInteger(as: Int32.self), let t = b.readInteger(as: Int64.self),
                  let v = b.readInteger(as: UInt64.self) {
                metric.append(m); charger.append(ch); time.append(t); value.append(Double(bitPattern: v))
            }
            if !isSorted { sort() }
        }

        func key(_ i: Int) -> (Int32, Int32, Int64) { (metric[i], charger[i], time[i]) }

        var isSorted: Bool {
            metric.indices.dropFirst().allSatisfy { key($0 - 1) < key($0) }
        }

        mutating func sort() {
            let order = metric.indices.sorted { key($0) < key($1) }
            metric = order.map { metric[$0] }; charger = order.map { charger[$0] }
            time = order.map { time[$0] }; value = order.map { value[$0] }
        }

        struct Group {
            var metric: Int32
            var charger: Int32
            var range: Range<Int>
            var metricName: [UInt8] = []
            var chargerName: [UInt8] = []
        }

        /// The runs of one (metric, charger), in key order.
        func groups() -> [Group] {
            var out: [Group] = []
            guard !time.isEmpty else { return out }
            var start = 0
            for i in 1...time.count where i == time.count || metric[i] != metric[start] || charger[i] != charger[start] {
                if i > start { out.append(Group(metric: metric[start], charger: charger[start], range: start..<i)) }
                start = i
            }
            return out
        }
    }
}
