/// Receives the changes a grown log brings, as they are found (in time order, each sample once).
public protocol GrowingLogSink {
    mutating func change(_ change: GrowingLog.Change)
}

/// Collects the changes (tests, and small logs).
public struct ChangeList: GrowingLogSink {
    public private(set) var changes: [GrowingLog.Change] = []
    public init() {}
    public mutating func change(_ change: GrowingLog.Change) { changes.append(change) }
}

/// Before the cut, drops every sample (the earlier read produced it); after, compares each sample with
/// what the earlier read produced at its end and hands on what is new or changed.
struct DeltaSink<Out: GrowingLogSink>: KPISampleSink {
    struct Key: Hashable {
        var time: Int64
        var charger: Int32
        var metric: KPIMetric
    }

    var out: Out
    private var chargers: [String] = []
    private var heldBack: [Key: Double]?

    init(out: Out) { self.out = out }

    mutating func cut(heldBack events: [KPIEvent]) {
        var map: [Key: Double] = [:]
        for e in events { map[Key(time: e.time, charger: e.charger, metric: e.metric)] = e.value }
        heldBack = map
    }

    mutating func chargerSeen(_ index: Int32, id: String) { chargers.append(id) }

    mutating func add(_ e: KPIEvent) {
        guard let heldBack else { return }
        let earlier = heldBack[Key(time: e.time, charger: e.charger, metric: e.metric)]
        if earlier == e.value { return }
        out.change(GrowingLog.Change(
            sample: KPISample(time: e.time, charger: chargers[Int(e.charger)], metric: e.metric, value: e.value), replaces: earlier))
    }
}
