import Engine
import OCPP

/// Hands a frame log's KPI samples (a whole log) or changes (a grown log) to an import's receiver, noting
/// the line being read for messages. The reader's sinks cannot throw: the first error is kept, and the
/// reading loop stops on it.
struct ReceiverSink: KPISampleSink, GrowingLogSink {
    let receiver: any DerivedSampleReceiver
    private var chargers: [String] = []
    /// The line each charger first appears on: a whole log's samples name it (a charger not in the fleet is
    /// reported where the log first shows it).
    private var firstLines: [Int] = []
    /// The line being read (1-based).
    var line = 1
    private(set) var error: (any Error)?

    init(receiver: any DerivedSampleReceiver) { self.receiver = receiver }

    mutating func chargerSeen(_ index: Int32, id: String) {
        chargers.append(id)
        firstLines.append(line)
    }

    mutating func add(_ e: KPIEvent) {
        let charger = chargers[Int(e.charger)], line = firstLines[Int(e.charger)]
        pass { try $0.add(time: e.time, charger: charger, metric: e.metric.rawValue, value: e.value, line: line) }
    }

    mutating func change(_ c: GrowingLog.Change) {
        let s = c.sample, line = line
        pass {
            if let replacing = c.replaces {
                try $0.replace(time: s.time, charger: s.charger, metric: s.metric.rawValue, value: s.value, replacing: replacing)
            } else {
                try $0.add(time: s.time, charger: s.charger, metric: s.metric.rawValue, value: s.value, line: line)
            }
        }
    }

    private mutating func pass(_ body: (any DerivedSampleReceiver) throws -> Void) {
        guard error == nil else { return }
        do { try body(receiver) } catch { self.error = error }
    }
}
