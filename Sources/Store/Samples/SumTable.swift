/// Sums and counts by an integer key (metric and time bucket packed), for the fleet-wide rollups:
/// open addressing with a multiplicative hash, no `Hasher` per sample.
struct SumTable {
    private(set) var keys: [Int64]
    private(set) var totals: [Double]
    private(set) var counts: [Int64]
    private var used: [Bool]
    private var mask: Int
    /// 64 − log2(size): the product's top bits pick the slot.
    private var shift: UInt64
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        keys = Array(repeating: 0, count: size)
        totals = Array(repeating: 0, count: size)
        counts = Array(repeating: 0, count: size)
        used = Array(repeating: false, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// Packs a metric id (below 2^21) and a bucket (seconds or days, within ±2^41) into one key.
    @inline(__always) static func key(metric: Int64, bucket: Int64) -> Int64 { metric << 42 | (bucket + (1 << 41)) }
    static func metric(of key: Int64) -> Int64 { key >> 42 }
    static func bucket(of key: Int64) -> Int64 { (key & ((1 << 42) - 1)) - (1 << 41) }

    @inline(__always)
    mutating func add(_ key: Int64, total: Double, count n: Int64) {
        var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while used[slot], keys[slot] != key { slot = (slot + 1) & mask }
        if !used[slot] {
            used[slot] = true
            keys[slot] = key
            count += 1
        }
        totals[slot] += total
        counts[slot] += n
        if count * 2 > keys.count { grow() }
    }

    /// The entries in key order (metric, then bucket).
    func sorted() -> [(key: Int64, total: Double, count: Int64)] {
        keys.indices.filter { used[$0] }.map { (keys[$0], totals[$0], counts[$0]) }.sorted { $0.key < $1.key }
    }

    private mutating func grow() {
        let old = keys.indices.filter { used[$0] }.map { (keys[$0], totals[$0], counts[$0]) }
        self = SumTable(capacity: keys.count)
        for (k, t, n) in old { add(k, total: t, count: n) }
    }
}
