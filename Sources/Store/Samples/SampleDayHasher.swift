import Crypto
import Foundation

/// Hashes one UTC day's chunks in the digest's order (see `SampleDayDigest`): collects them, in any order,
/// then sorts them by metric name and charger id and feeds SHA-256.
struct SampleDayHasher {
    private var arena: [UInt8] = []
    private var entries: [(metric: Int64, charger: Int64, offset: Int, count: Int)] = []

    var isEmpty: Bool { entries.isEmpty }

    mutating func add(metric: Int64, charger: Int64, _ samples: [(time: Int64, value: Double)]) {
        entries.append((metric, charger, arena.count, samples.count))
        for s in samples {
            withUnsafeBytes(of: UInt64(bitPattern: s.time).littleEndian) { arena.append(contentsOf: $0) }
            withUnsafeBytes(of: s.value.bitPattern.littleEndian) { arena.append(contentsOf: $0) }
        }
    }

    /// The day's chunks, samples and digest; `metricName` and `chargerName` give every id added its UTF-8 name.
    /// Starts afresh.
    mutating func finish(metricName: (Int64) -> [UInt8], chargerName: (Int64) -> [UInt8]) -> SampleDayDigest.Day {
        func ranks(_ ids: Set<Int64>, _ name: (Int64) -> [UInt8]) -> [Int64: (rank: Int, name: [UInt8])] {
            let named = ids.map { (id: $0, name: name($0)) }.sorted { $0.name.lexicographicallyPrecedes($1.name) }
            var out: [Int64: (rank: Int, name: [UInt8])] = [:]
            out.reserveCapacity(named.count)
            for (k, e) in named.enumerated() { out[e.id] = (k, e.name) }
            return out
        }
        let metrics = ranks(Set(entries.map(\.metric)), metricName)
        let chargers = ranks(Set(entries.map(\.charger)), chargerName)
        let ordered = entries.map { (m: metrics[$0.metric]!.rank, c: chargers[$0.charger]!.rank, entry: $0) }.sorted { ($0.m, $0.c) < ($1.m, $1.c) }
        var hasher = SHA256()
        var day = SampleDayDigest.Day()
        arena.withUnsafeBytes { bytes in
            for e in ordered {
                Self.feed(&hasher, metrics[e.entry.metric]!.name)
                Self.feed(&hasher, chargers[e.entry.charger]!.name)
                var n = UInt32(truncatingIfNeeded: e.entry.count).littleEndian
                withUnsafeBytes(of: &n) { hasher.update(bufferPointer: $0) }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[e.entry.offset..<(e.entry.offset + e.entry.count * 16)]))
                day.chunks += 1
                day.samples += e.entry.count
            }
        }
        day.digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        arena.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        return day
    }

    private static func feed(_ hasher: inout SHA256, _ bytes: [UInt8]) {
        var n = UInt32(truncatingIfNeeded: bytes.count).littleEndian
        withUnsafeBytes(of: &n) { hasher.update(bufferPointer: $0) }
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }
}
