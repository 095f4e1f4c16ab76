import Foundation
import Gates

/// Sums and counts of metric samples. The store answers from rollups, never by returning raw samples.
public protocol SampleSource: Sendable {
    /// Totals of the samples named `names` of `chargers` in `window` (start inclusive, end exclusive).
    func totals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> SampleTotals
    /// The same totals per UTC day the window touches, in order (for the report's charts).
    func dailyTotals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [(day: Date, totals: SampleTotals)]
}

/// Where metric samples are imported and summarized.
public protocol SampleStore: SampleSource {
    /// Imports one CSV or JSON Lines file of samples in one transaction with its journal entry.
    func importMetrics(path: String, actor: String, at: Date, simulated: Bool, skipUnknown: Bool) throws -> MetricsImportReport
    /// Per metric name: samples, chargers with samples, first and last sample time.
    func metricSummaries() throws -> [MetricSummary]
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
