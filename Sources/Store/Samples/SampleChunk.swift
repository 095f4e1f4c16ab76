/// One metric's samples of one charger on one UTC day, as stored in `sample_days.samples`: pairs of
/// (time in microseconds, value bits), little-endian 64-bit words, sorted by time, each time once.
enum SampleChunk {
    static func encode(_ samples: [(time: Int64, value: Double)]) -> [UInt8] {
        var words: [UInt64] = []
        words.reserveCapacity(samples.count * 2)
        for s in samples {
            words.append(UInt64(bitPattern: s.time).littleEndian)
            words.append(s.value.bitPattern.littleEndian)
        }
        return words.withUnsafeBytes { Array($0) }
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

    /// Sum and count of the samples with time in [from, to).
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
