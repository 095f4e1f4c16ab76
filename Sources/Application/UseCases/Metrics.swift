import Engine
import Playbook
import Foundation

extension MigrationService {
    /// Imports one file of metric samples (CSV `time,charger,metric,value` or JSON Lines) in one transaction with
    /// its journal entry; the same file again changes nothing. `name`: what the journal and the messages call it
    /// (an upload's `upload:NAME`; by default the path).
    public func importMetrics(path: String, name: String? = nil, skipUnknown: Bool, as invocation: Invocation) throws -> MetricsImportReport {
        try store.requireWritable()
        return try store.importMetrics(path: path, source: name ?? path, actor: invocation.actor, at: invocation.now,
                                       simulated: invocation.simulated, skipUnknown: skipUnknown)
    }

    /// Per metric: samples stored, chargers, first and last sample time.
    public func metricSummaries() throws -> [MetricSummary] {
        try store.metricSummaries()
    }
}
