/// Turns the counter's events into samples: events of one charger and metric at the same instant are
/// summed, and a sample is handed on only once no later record can add to it.
///
/// Every event decided while reading a record lies at or after the previous record's time (see
/// docs/ocpp.md), so after each record everything before that time is final. What is held back is the
/// last instants' events and the few CALL + 30 s events of connections that ended: memory stays flat.
struct SampleMerger {
    private(set) var pending: [KPIEvent] = []
    private var earliest = Int64.max

    mutating func add(_ e: KPIEvent) {
        pending.append(e)
        if e.time < earliest { earliest = e.time }
    }

    /// Hands on, in time order, every sample before `time`.
    mutating func flush<Sink: KPISampleSink>(before time: Int64, into sink: inout Sink) {
        guard earliest < time else { return }
        pending.sort { ($0.time, $0.charger, $0.metric.index) < ($1.time, $1.charger, $1.metric.index) }
        var kept = 0
        var k = 0
        while k < pending.count {
            var e = pending[k]
            if e.time >= time { break }
            k += 1
            while k < pending.count, pending[k].time == e.time, pending[k].charger == e.charger, pending[k].metric == e.metric {
                e.value += pending[k].value
                k += 1
            }
            sink.add(e)
        }
        kept = pending.count - k
        pending.removeFirst(k)
        earliest = kept > 0 ? pending[0].time : .max
    }

    /// Everything held back, merged, in time order (the end of a log, or a snapshot at a cut).
    func merged() -> [KPIEvent] {
        var copy = self
        var collected = EventList()
        copy.flush(before: .max, into: &collected)
        return collected.events
    }
}

/// A sink that keeps events as they are.
struct EventList: KPISampleSink {
    var events: [KPIEvent] = []
    mutating func chargerSeen(_ index: Int32, id: String) {}
    mutating func add(_ sample: KPIEvent) { events.append(sample) }
}
