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

    /// The day's chunks, samples and digest, in `order` (which knows every id added). Starts afresh.
    mutating func finish(_ order: SampleNameOrder) -> SampleDayDigest.Day {
        let sorted = entries.indices.map { (key: order.key(metric: entries[$0].metric, charger: entries[$0].charger), index: $0) }
            .sorted { $0.key < $1.key }
        // The day's bytes in digest order, laid out once and hashed in one call.
        var stream: [UInt8] = []
        stream.reserveCapacity(arena.count + entries.count * 48)
        var day = SampleDayDigest.Day()
        func length(_ n: Int) {
            let v = UInt32(truncatingIfNeeded: n)
            stream.append(UInt8(v & 0xFF)); stream.append(UInt8(v >> 8 & 0xFF)); stream.append(UInt8(v >> 16 & 0xFF)); stream.append(UInt8(v >> 24))
        }
        arena.withUnsafeBytes { bytes in
            for s in sorted {
                let e = entries[s.index]
                order.metricNames[Int(e.metric)].withUnsafeBufferPointer { name in length(name.count); stream.append(contentsOf: name) }
                order.chargerNames[Int(e.charger)].withUnsafeBufferPointer { name in length(name.count); stream.append(contentsOf: name) }
                length(e.count)
                stream.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[e.offset..<(e.offset + e.count * 16)]))
                day.chunks += 1
                day.samples += e.count
            }
        }
        var hasher = SHA256()
        stream.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        day.digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        arena.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        return day
    }
}
