/// One metric's samples of one charger on one UTC day, as a section of a `sample_rows` row holds them (see `ChargerDay`;
/// before v8 a `sample_chunks` row), sorted by time,
/// each time once, compactly: per sample a time step and a value, each a LEB128 varint.
///
/// - time step: the microseconds since the previous sample (for the first, since the day's start); a step
///   of whole seconds is written as `seconds << 1`, any other as `micros << 1 | 1`.
/// - value: a whole number in [0, 2^62) as `value << 1`; any other value as the byte 0x01 then its eight
///   IEEE-754 bytes, little-endian.
///
/// Hourly samples of small counts take 3 bytes each instead of 16. Digests and checks use the decoded
/// (time, value) pairs, never these bytes.
enum SampleChunk {
    static func encode(_ samples: [(time: Int64, value: Double)], day: Int64) -> [UInt8] {
        withEncoded(samples, day: day) { Array($0) }
    }

    /// Calls `body` with the encoded bytes (valid only during the call).
    static func withEncoded<C: Collection, R>(_ samples: C, day: Int64, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
    where C.Element == (time: Int64, value: Double) {
        let out = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: samples.count * 20 + 1)
        defer { out.deallocate() }
        var n = 0
        @inline(__always) func varint(_ v: UInt64) {
            var v = v
            while v >= 0x80 { out[n] = UInt8(truncatingIfNeeded: v) | 0x80; n += 1; v >>= 7 }
            out[n] = UInt8(v); n += 1
        }
        var previous = day * SampleWriter.microsPerDay
        for s in samples {
            let step = UInt64(s.time - previous)
            previous = s.time
            if step % 1_000_000 == 0 { varint((step / 1_000_000) << 1) } else { varint(step << 1 | 1) }
            let v = s.value
            if v >= 0, v < 4.611686018427388e18, v == v.rounded(.towardZero) {
                varint(UInt64(v) << 1)
            } else {
                out[n] = 1; n += 1
                var bits = v.bitPattern.littleEndian
                withUnsafeBytes(of: &bits) { for b in $0 { out[n] = b; n += 1 } }
            }
        }
        return try body(UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(out)[0..<n]))
    }

    /// Calls `body` with each sample in order; stops early when it returns false. Nil when the bytes are damaged.
    @inline(__always)
    static func forEach(_ bytes: UnsafeRawBufferPointer, day: Int64, _ body: (Int64, Double) -> Bool) -> Bool {
        var i = 0
        let count = bytes.count
        @inline(__always) func varint() -> UInt64? {
            var v: UInt64 = 0, shift: UInt64 = 0
            while i < count {
                let b = bytes[i]; i += 1
                if shift > 63 { return nil }
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return v }
                shift += 7
            }
            return nil
        }
        var time = day * SampleWriter.microsPerDay
        while i < count {
            guard let step = varint() else { return false }
            let (delta, overflow) = step & 1 == 0 ? (step >> 1).multipliedReportingOverflow(by: 1_000_000) : (step >> 1, false)
            guard !overflow, delta < UInt64(Int64.max) else { return false }
            let (t, over) = time.addingReportingOverflow(Int64(delta))
            guard !over else { return false }
            time = t
            guard let tag = varint() else { return false }
            let value: Double
            if tag & 1 == 0 {
                value = Double(tag >> 1)
            } else {
                guard tag == 1, i + 8 <= count else { return false }
                value = Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                i += 8
            }
            if !body(time, value) { return true }
        }
        return true
    }

    /// The samples, or nil when the bytes are damaged.
    static func decode(_ bytes: UnsafeRawBufferPointer, day: Int64) -> [(time: Int64, value: Double)]? {
        var out: [(time: Int64, value: Double)] = []
        out.reserveCapacity(bytes.count / 3)
        guard forEach(bytes, day: day, { out.append(($0, $1)); return true }) else { return nil }
        return out
    }

    /// Sum (added in time order) and count of the samples with time in [from, to).
    static func sum(_ bytes: UnsafeRawBufferPointer, day: Int64, from: Int64, to: Int64) -> (Double, Int) {
        var total = 0.0, count = 0
        _ = forEach(bytes, day: day) { t, v in
            if t >= to { return false }
            if t >= from { total += v; count += 1 }
            return true
        }
        return (total, count)
    }
}
