import Foundation
import Gates

/// Sums and counts of metric samples. The store answers from rollups, never by returning raw samples.
public protocol SampleSource: Sendable {
    /// Totals of the samples named `names` of `chargers` in `window` (start inclusive, end exclusive).
    func totals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> SampleTotals
    /// The same totals per UTC day the window touches, in order (for the report's charts).
    func dailyTotals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [(day: Date, totals: SampleTotals)]
    /// Totals of `names` for each of `chargers` on its own over `window` (a phase's preflight); a charger without
    /// samples may be missing from the result.
    func totalsByCharger(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [String: SampleTotals]
    /// Those of `chargers` with at least one sample of any metric in `window` (a preflight's `seen_within`).
    func chargersSeen(_ chargers: [String], window: EvidenceWindow) throws -> Set<String>
    /// The totals of several groups over one window, in the order asked, each exactly what
    /// `totals(of:chargers:window:)` gives it alone. A store may read what the groups share once (a pilot and the
    /// control group that is the rest of the fleet read the same rows); by default each is read on its own.
    func totals(_ groups: [SampleTotalsRequest], window: EvidenceWindow) throws -> [SampleTotals]
}

/// A group of chargers and the sample names to total over it.
public struct SampleTotalsRequest: Sendable, Equatable {
    public var names: [String]
    public var chargers: [String]

    public init(names: [String], chargers: [String]) {
        self.names = names
        self.chargers = chargers
    }
}

extension SampleSource {
    public func totals(_ groups: [SampleTotalsRequest], window: EvidenceWindow) throws -> [SampleTotals] {
        try groups.map { try totals(of: $0.names, chargers: $0.chargers, window: window) }
    }
}

/// Where metric samples are imported and summarized.
public protocol SampleStore: SampleSource {
    /// Imports one CSV or JSON Lines file of samples in one transaction with its journal entry. `source` is what the
    /// journal and the messages call the file (an upload's name, never the temporary path it was written to).
    func importMetrics(path: String, source: String, actor: String, at: Date, simulated: Bool, skipUnknown: Bool) throws -> MetricsImportReport
    /// Per metric name: samples, chargers with samples, first and last sample time.
    func metricSummaries() throws -> [MetricSummary]
    /// The names of the metrics with samples stored (a playbook's sample names are checked against them).
    func metricNames() throws -> Set<String>
}

extension SampleStore {
    /// By default from the summaries; a store with a table of names answers from it.
    public func metricNames() throws -> Set<String> {
        Set(try metricSummaries().map(\.name))
    }

    /// Imports one file, journaled and named in messages by its path.
    public func importMetrics(path: String, actor: String, at: Date, simulated: Bool, skipUnknown: Bool) throws -> MetricsImportReport {
        try importMetrics(path: path, source: path, actor: actor, at: at, simulated: simulated, skipUnknown: skipUnknown)
    }
}

/// One metric's stored samples, summarized.
public struct MetricSummary: Sendable, Equatable, Codable {
    public var name: String
    public var samples: Int
    public var chargers: Int
    public var first: Date
    public var last: Date

    public init(name: String, samples: Int, chargers: Int, first: Date, last: Date) {
        self.name = name
        self.samples = samples
        self.chargers = chargers
        self.first = first
        self.last = last
    }
}

/// Answers Prometheus instant queries.
public protocol PrometheusQuerying: Sendable {
    /// The single value `query` returns at `time`; throws (with a message a person reads) otherwise.
    func instantQuery(_ query: String, at time: Date) async throws -> Double
}

/// Everything the application needs of a store: the journal with its projections, and the samples.
public typealias MigrateStoring = JournalStore & JournalReading & SampleStore
