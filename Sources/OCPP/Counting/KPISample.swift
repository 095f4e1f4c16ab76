/// One metric sample: `value` of `metric` for `charger` at `time` (µs since the epoch, UTC).
/// Events of one charger and metric at the same instant are one sample whose value is their sum.
public struct KPISample: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var time: Int64
    public var charger: String
    public var metric: KPIMetric
    public var value: Double

    public init(time: Int64, charger: String, metric: KPIMetric, value: Double) {
        self.time = time
        self.charger = charger
        self.metric = metric
        self.value = value
    }

    public var description: String { "\(Timestamp.format(time)),\(charger),\(metric.rawValue),\(value)" }
}

/// A sample as the counter hands it out: the charger as its index in this log (see `KPISampleSink.chargerSeen`).
public struct KPIEvent: Equatable, Sendable {
    public var time: Int64
    public var charger: Int32
    public var metric: KPIMetric
    public var value: Double
}

/// Receives a log's samples as the counter decides them, in time order, each (charger, metric, time) once.
public protocol KPISampleSink {
    /// The charger with identity `id` is `index` in the events of this log (indexes are dense from 0).
    mutating func chargerSeen(_ index: Int32, id: String)
    mutating func add(_ sample: KPIEvent)
}

/// Collects the samples of a log as `KPISample`s (tests, and `ocpp import`).
public struct SampleCollector: KPISampleSink {
    public private(set) var samples: [KPISample] = []
    public private(set) var chargers: [String] = []

    public init() {}

    public mutating func chargerSeen(_ index: Int32, id: String) { chargers.append(id) }

    public mutating func add(_ e: KPIEvent) {
        samples.append(KPISample(time: e.time, charger: chargers[Int(e.charger)], metric: e.metric, value: e.value))
    }
}
