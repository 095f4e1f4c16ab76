/// One charger's samples of one UTC day, of every metric: the `data` of a `sample_rows` row (migration v8).
///
/// Per metric with samples that day, in ascending store id, a section:
///
///     varint metric id, varint n, varint first, varint last   (first and last: µs since the day's start)
///     total                                                  (8 bytes, IEEE-754, little-endian)
///     varint length, then the samples as `SampleChunk` encodes them
///
/// A section is what a `sample_chunks` row held before v8 (a chunk); a gate's whole days read only the headers
/// (skipping the samples by their length), its partial edge days decode the samples of the metrics asked for.
enum ChargerDay {
    /// One metric's chunk within a row. `samples` points into the row's bytes: valid only while they are.
    struct Section {
        var metric: Int64
        var n: Int64
        /// Microseconds since 1970 UTC.
        var first: Int64
        var last: Int64
        var total: Double
        var samples: UnsafeRawBufferPointer
    }

    /// Calls `body` with each section in order. False when the bytes are damaged: a section cut short, or metric
    /// ids not strictly rising (each metric once).
    @inline(__always)
    static func forEach(_ data: UnsafeRawBufferPointer, day: Int64, _ body: (Section) throws -> Void) rethrows -> Bool {
        let count = data.count
        var i = 0
        var previous: UInt64? = nil
        let dayStart = day &* SampleWriter.microsPerDay
        while i < count {
            guard let metric = varint(data, &i), let n = varint(data, &i), let first = varint(data, &i), let last = varint(data, &i),
                  i + 8 <= count else { return false }
            let total = Double(bitPattern: UInt64(littleEndian: data.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
            guard let length = varint(data, &i), length <= UInt64(count - i), metric <= UInt64(Int64.max) else { return false }
            if let previous, metric <= previous { return false }
            previous = metric
            let end = i + Int(length)
            try body(Section(metric: Int64(metric), n: Int64(bitPattern: n), first: dayStart &+ Int64(bitPattern: first),
                             last: dayStart &+ Int64(bitPattern: last), total: total,
                             samples: UnsafeRawBufferPointer(rebasing: data[i..<end])))
            i = end
        }
        return true
    }

    @inline(__always)
    static func varint(_ bytes: UnsafeRawBufferPointer, _ i: inout Int) -> UInt64? {
        var v: UInt64 = 0, shift: UInt64 = 0
        while i < bytes.count {
            let b = bytes[i]; i += 1
            if shift > 63 { return nil }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
        return nil
    }
}

/// Builds a row's bytes (see `ChargerDay`) a section at a time, in ascending metric id.
struct ChargerDayEncoder {
    private(set) var day: Int64
    private(set) var bytes: [UInt8] = []
    /// Samples in the row so far (its `n` column).
    private(set) var n: Int64 = 0

    init(day: Int64) {
        self.day = day
        bytes.reserveCapacity(256)
    }

    /// Starts another row, keeping the buffer.
    mutating func reset(day: Int64) {
        self.day = day
        bytes.removeAll(keepingCapacity: true)
        n = 0
    }

    /// Adds a section holding `samples` (sorted by time, each time once, within the day); returns its total.
    @discardableResult
    mutating func add<C: Collection>(metric: Int64, samples: C) -> Double where C.Element == (time: Int64, value: Double) {
        var total = 0.0, first = Int64.max, last = Int64.min, count: Int64 = 0
        for s in samples {
            total += s.value
            if count == 0 { first = s.time }
            last = s.time
            count += 1
        }
        SampleChunk.withEncoded(samples, day: day) { encoded in
            add(metric: metric, n: count, first: first, last: last, total: total, encoded: encoded)
        }
        return total
    }

    /// Adds a section as it is stored elsewhere (copied, not checked).
    mutating func add(_ s: ChargerDay.Section) {
        add(metric: s.metric, n: s.n, first: s.first, last: s.last, total: s.total, encoded: s.samples)
    }

    mutating func add(metric: Int64, n: Int64, first: Int64, last: Int64, total: Double, encoded: UnsafeRawBufferPointer) {
        let dayStart = day &* SampleWriter.microsPerDay
        varint(UInt64(metric)); varint(UInt64(bitPattern: n))
        varint(UInt64(bitPattern: first &- dayStart)); varint(UInt64(bitPattern: last &- dayStart))
        withUnsafeBytes(of: total.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        varint(UInt64(encoded.count))
        bytes.append(contentsOf: encoded)
        self.n += n
    }

    @inline(__always) private mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }
}
