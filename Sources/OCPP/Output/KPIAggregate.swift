/// The KPIs of one or more logs as OCPP.md's output: totals, per charger, by UTC day; every metric in
/// every object, zeros included. Samples outside `[from, to)` are left out.
public struct KPIAggregate: KPISampleSink, Sendable {
    public let from: Int64?
    public let to: Int64?
    /// Every charger seen in the logs, in order of first appearance (also those with no sample in the window).
    public private(set) var chargerIDs: [String] = []
    public private(set) var totals = [Double](repeating: 0, count: KPIMetric.count)
    public private(set) var perCharger: [[Double]] = []
    public private(set) var byDay: [Int64: [Double]] = [:]
    /// The first and last record times of the logs: every UTC day between them (in the window) is shown.
    public private(set) var span: (first: Int64, last: Int64)?
    /// Per charger per UTC day, kept only when asked for (`keepingChargerDays`): chargers × days × metrics.
    public private(set) var chargerDays: [ChargerDay: [Double]] = [:]
    public let keepsChargerDays: Bool
    private var globalIndex: [String: Int] = [:]
    private var mapping: [Int] = []

    /// A charger (its index in `chargerIDs`) on a UTC day.
    public struct ChargerDay: Hashable, Sendable {
        public var charger: Int
        public var day: Int64
    }

    public init(from: Int64? = nil, to: Int64? = nil, keepingChargerDays: Bool = false) {
        self.from = from
        self.to = to
        self.keepsChargerDays = keepingChargerDays
    }

    /// Call before each log: charger indexes are per log.
    public mutating func beginLog() { mapping.removeAll(keepingCapacity: true) }

    /// Records the time span of a log's records.
    public mutating func noteSpan(first: Int64?, last: Int64?) {
        guard let first, let last else { return }
        span = span.map { (min($0.first, first), max($0.last, last)) } ?? (first, last)
    }

    public mutating func chargerSeen(_ index: Int32, id: String) {
        if let g = globalIndex[id] {
            mapping.append(g)
        } else {
            globalIndex[id] = chargerIDs.count
            mapping.append(chargerIDs.count)
            chargerIDs.append(id)
            perCharger.append([Double](repeating: 0, count: KPIMetric.count))
        }
    }

    public mutating func add(_ e: KPIEvent) {
        if let from, e.time < from { return }
        if let to, e.time >= to { return }
        let m = e.metric.index, charger = mapping[Int(e.charger)], day = Timestamp.day(e.time)
        totals[m] += e.value
        perCharger[charger][m] += e.value
        byDay[day, default: [Double](repeating: 0, count: KPIMetric.count)][m] += e.value
        if keepsChargerDays {
            chargerDays[ChargerDay(charger: charger, day: day), default: [Double](repeating: 0, count: KPIMetric.count)][m] += e.value
        }
    }

    /// The UTC days shown: those with samples, and every day of the logs' span within the window.
    public var days: [Int64] {
        var days = Set(byDay.keys)
        if let span {
            var first = span.first, last = span.last
            if let from { first = max(first, from) }
            if let to { last = min(last, to - 1) }
            if first <= last { for d in Timestamp.day(first)...Timestamp.day(last) { days.insert(d) } }
        }
        return days.sorted()
    }

    /// The values of `day`, zeros when it has no sample.
    public func values(onDay day: Int64) -> [Double] { byDay[day] ?? [Double](repeating: 0, count: KPIMetric.count) }

    /// The values of `charger`, nil when it was not seen.
    public func values(ofCharger id: String) -> [Double]? { globalIndex[id].map { perCharger[$0] } }
}
