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

    /// What looks wrong with a file of samples though it imports: a last line without a line break (a file cut
    /// short in a copy or a download ends in a partial line that may still parse, e.g. `...,session.attemp`).
    public func metricsFileWarnings(path: String) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size > 0 else { return [] }
        try? handle.seek(toOffset: size - 1)
        guard let last = try? handle.read(upToCount: 1)?.first, last != UInt8(ascii: "\n"), last != UInt8(ascii: "\r") else { return [] }
        return ["\(path) does not end with a line break: if the file was cut short, its last line is a partial sample (check it, and the metric names with `migrate metrics list`)"]
    }

    /// Per metric: samples stored, chargers, first and last sample time.
    public func metricSummaries() throws -> [MetricSummary] {
        try store.metricSummaries()
    }
}
