import Crypto
import Foundation

/// Hashes one UTC day's chunks in the digest's order (see `SampleDayDigest`): collects them, in any order
/// and compactly encoded (a few bytes a sample, so that a day of 100,000 chargers stays small), then sorts
/// them by metric name and charger id and feeds SHA-256 their canonical bytes through a small buffer.
struct SampleDayHasher {
    let day: Int64
    private var arena: [UInt8] = []
    /// Store ids and where the chunk's bytes are in `arena`: 16 bytes a chunk (700,000 chunks a day at 100,000 chargers).
    private var entries: [(metric: Int32, charger: Int32, offset: UInt32, bytes: UInt32)] = []

    init(day: Int64) { self.day = day }

    var isEmpty: Bool { entries.isEmpty }
    /// More than 4 GiB of encoded samples in one day (about a billion samples): the hasher cannot hold them.
    private(set) var overflowed = false

    /// Adds a chunk in its stored encoding (see `SampleChunk`) of this hasher's day.
    mutating func add(metric: Int64, charger: Int64, encoded: UnsafeRawBufferPointer) {
        guard !overflowed, arena.count + encoded.count < Int(UInt32.max) else { overflowed = true; arena = []; entries = []; return }
        entries.append((Int32(truncatingIfNeeded: metric), Int32(truncatingIfNeeded: charger), UInt32(truncatingIfNeeded: arena.count),
                        UInt32(truncatingIfNeeded: encoded.count)))
        arena.append(contentsOf: encoded)
    }

    /// The day's chunks, samples and digest, in `order` (which knows every id added).
    func finish(_ order: SampleNameOrder) -> SampleDayDigest.Day {
        let sorted = entries.indices.map { (key: order.key(metric: Int64(entries[$0].metric), charger: Int64(entries[$0].charger)), index: $0) }
            .sorted { $0.key < $1.key }
        var hasher = SHA256()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16 + 1024)
        func length(_ n: Int) {
            let v = UInt32(truncatingIfNeeded: n)
            buffer.append(UInt8(v & 0xFF)); buffer.append(UInt8(v >> 8 & 0xFF)); buffer.append(UInt8(v >> 16 & 0xFF)); buffer.append(UInt8(v >> 24))
        }
        func flush() {
            buffer.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            buffer.removeAll(keepingCapacity: true)
        }
        var result = SampleDayDigest.Day()
        arena.withUnsafeBytes { bytes in
            for s in sorted {
                let e = entries[s.index]
                order.metricNames[Int(e.metric)].withUnsafeBufferPointer { name in length(name.count); buffer.append(contentsOf: name) }
                order.chargerNames[Int(e.charger)].withUnsafeBufferPointer { name in length(name.count); buffer.append(contentsOf: name) }
                let countAt = buffer.count
                length(0)
                var n = 0
                let start = Int(e.offset), end = start + Int(e.bytes)
                _ = SampleChunk.forEach(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), day: day) { t, v in
                    withUnsafeBytes(of: UInt64(bitPattern: t).littleEndian) { buffer.append(contentsOf: $0) }
                    withUnsafeBytes(of: v.bitPattern.littleEndian) { buffer.append(contentsOf: $0) }
                    n += 1
                    return true
                }
                // The count comes before the pairs: patch it (the pairs of one chunk stay in the buffer until here).
                let v = UInt32(truncatingIfNeeded: n)
                buffer[countAt] = UInt8(v & 0xFF); buffer[countAt + 1] = UInt8(v >> 8 & 0xFF)
                buffer[countAt + 2] = UInt8(v >> 16 & 0xFF); buffer[countAt + 3] = UInt8(v >> 24)
                if buffer.count >= 1 << 16 { flush() }
                result.chunks += 1
                result.samples += n
            }
        }
        flush()
        result.digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return result
    }
}
