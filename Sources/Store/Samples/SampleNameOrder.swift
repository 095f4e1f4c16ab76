/// The digest's order of metric names and charger ids (bytewise UTF-8), as ranks indexed by store id,
/// computed once for many days.
struct SampleNameOrder {
    private(set) var metricRank: [Int32] = []
    private(set) var chargerRank: [Int32] = []
    private(set) var metricNames: [[UInt8]] = []
    private(set) var chargerNames: [[UInt8]] = []

    /// `metrics` and `chargers`: (store id, name) of every id that may occur.
    init(metrics: [(Int64, [UInt8])], chargers: [(Int64, [UInt8])]) {
        (metricRank, metricNames) = Self.ranks(metrics)
        (chargerRank, chargerNames) = Self.ranks(chargers)
    }

    /// Per store id its rank (-1 for ids not given), and per id its name.
    private static func ranks(_ named: [(Int64, [UInt8])]) -> ([Int32], [[UInt8]]) {
        let maxID = Int(named.map(\.0).max() ?? -1)
        var rank = [Int32](repeating: -1, count: maxID + 1)
        var names = [[UInt8]](repeating: [], count: maxID + 1)
        for (k, e) in named.sorted(by: { $0.1.lexicographicallyPrecedes($1.1) }).enumerated() where e.0 >= 0 {
            rank[Int(e.0)] = Int32(k)
            names[Int(e.0)] = e.1
        }
        return (rank, names)
    }

    func knows(metric: Int64, charger: Int64) -> Bool {
        metric >= 0 && Int(metric) < metricRank.count && metricRank[Int(metric)] >= 0
            && charger >= 0 && Int(charger) < chargerRank.count && chargerRank[Int(charger)] >= 0
    }

    /// A key that sorts chunks in the digest's order.
    @inline(__always) func key(metric: Int64, charger: Int64) -> Int64 {
        Int64(metricRank[Int(metric)]) << 32 | Int64(chargerRank[Int(charger)])
    }
}
