/// Samples parsed from a stream, column by column, with charger ids and metric names as import-local
/// indexes; the names first seen in this batch come with it. The parser hands one to the writer every
/// `capacity` samples, so memory stays bounded whatever the size of the input.
package struct SampleBatch: Sendable {
    static let capacity = 1 << 16

    package var metric: [Int32] = []
    package var charger: [Int32] = []
    /// Microseconds since 1970 UTC.
    package var time: [Int64] = []
    package var value: [Double] = []
    /// The line of the input each sample came from (1-based), for messages.
    package var line: [Int] = []
    /// Names with the next import-local indexes, in index order.
    package var newMetricNames: [String] = []
    package var newChargerIDs: [String] = []

    package var count: Int { time.count }
    var isFull: Bool { time.count >= Self.capacity }

    mutating func reserve() {
        metric.reserveCapacity(Self.capacity); charger.reserveCapacity(Self.capacity); time.reserveCapacity(Self.capacity)
        value.reserveCapacity(Self.capacity); line.reserveCapacity(Self.capacity)
    }
}

/// Builds batches: interns charger ids and metric names (checked when first seen) and collects rows.
struct SampleBatchBuilder {
    private var metricInterner = ByteInterner()
    private var chargerInterner = ByteInterner()
    private(set) var batch = SampleBatch()

    init() { batch.reserve() }

    /// Adds a sample; a charger id or metric name seen for the first time is checked by `check` first.
    @inline(__always)
    mutating func append(time t: Int64, charger c: UnsafeBufferPointer<UInt8>, metric m: UnsafeBufferPointer<UInt8>,
                         value v: Double, line l: Int, check: (UnsafeBufferPointer<UInt8>, String) throws -> Void) rethrows {
        let ci = chargerInterner.intern(c)
        if ci.isNew {
            try check(c, "charger") // a bad id ends the import, so it is never looked up again
            batch.newChargerIDs.append(chargerInterner.key(ci.index))
        }
        let mi = metricInterner.intern(m)
        if mi.isNew {
            try check(m, "metric")
            batch.newMetricNames.append(metricInterner.key(mi.index))
        }
        batch.metric.append(mi.index); batch.charger.append(ci.index); batch.time.append(t); batch.value.append(v); batch.line.append(l)
    }

    /// The samples collected since the last call, and a fresh batch for the next ones.
    mutating func take() -> SampleBatch {
        var next = SampleBatch()
        next.reserve()
        swap(&next, &batch)
        return next
    }
}
