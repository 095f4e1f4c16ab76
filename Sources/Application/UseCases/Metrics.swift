import Engine
import Playbook
import Foundation

extension MigrationService {
    /// Imports one file of metric samples (CSV `time,charger,metric,value` or JSON Lines) in one transaction with
    /// its journal entry; the same file again changes nothing.
    public func importMetrics(path: String, skipUnknown: Bool, as invocation: Invocation) throws -> MetricsImportReport {
        try store.requireWritable()
        return try store.importMetrics(path: path, actor: invocation.actor, at: invocation.now, simulated: invocation.simulated, skipUnknown: skipUnknown)
    }

    /// Per metric: samples stored, chargers, first and last sample time.
    public func metricSummaries() throws -> [MetricSummary] {
        try store.metricSummaries()
    }
}
