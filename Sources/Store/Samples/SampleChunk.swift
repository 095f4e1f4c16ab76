/// One metric's samples of one charger on one UTC day, as stored in `sample_chunks.samples`: pairs of
/// (time in microseconds, value bits), little-endian 64-bit words, sorted by time, each time once.
enum SampleChunk {
    static func encode(_ samples: [(time: Int64, value: Double)]) -> [UInt8] {
        withEncoded(samples) { Array($0) }
    }

    /// Calls `body` with the encoded bytes (valid only during the call), without a copy on little-endian machines.
    static func withEncoded<R>(_ samples: [(time: Int64, value: Double)], _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let words = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: samples.count * 2)
        defer { words.deallocate() }
        for (k, s) in samples.enumerated() {
            words[2 * k] = UInt64(bitPattern: s.time).littleEndian
            words[2 * k + 1] = s.value.bitPattern.littleEndian
        }
        return try body(UnsafeRawBufferPointer(words))
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) -> [(time: Int64, value: Double)] {
        let n = bytes.count / 16
        var out: [(time: Int64, value: Double)] = []
        out.reserveCapacity(n)
        for k in 0..<n {
            let t = Int64(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: k * 16, as: UInt64.self)))
            let v = Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: k * 16 + 8, as: UInt64.self)))
            out.append((t, v))
        }
        return out
    }

    /// Sum (added in time order) and count of the samples with time in [from, to).
    static func sum(_ bytes: UnsafeRawBufferPointer, from: Int64, to: Int64) -> (Double, Int) {
        var total = 0.0, count = 0
        for k in 0..<(bytes.count / 16) {
            let t = Int64(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: k * 16, as: UInt64.self)))
            if t < from { continue }
            if t >= to { break }
            total += Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: k * 16 + 8, as: UInt64.self)))
            count += 1
        }
        return (total, count)
    }
}
