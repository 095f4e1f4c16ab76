/// Before the cut, drops every sample (the earlier read produced it); after, compares each sample with
/// what the earlier read produced at its end and keeps what is new or changed.
struct DeltaSink: KPISampleSink {
    struct Key: Hashable {
        var time: Int64
        var charger: Int32
        var metric: KPIMetric
    }

    private(set) var changes: [GrowingLog.Change] = []
    private var chargers: [String] = []
    private var heldBack: [Key: Double]?

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
        changes.append(GrowingLog.Change(
            sample: KPISample(time: e.time, charger: chargers[Int(e.charger)], metric: e.metric, value: e.value), replaces: earlier))
    }
}
