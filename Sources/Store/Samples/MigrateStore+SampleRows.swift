import Engine
import Foundation

/// One sample from a stream of rows rather than a file (for example KPIs read from an OCPP frame log).
public struct SampleInput: Sendable, Equatable {
    public var time: Date
    public var charger: String
    public var metric: String
    public var value: Double

    public init(time: Date, charger: String, metric: String, value: Double) {
        self.time = time; self.charger = charger; self.metric = metric; self.value = value
    }
}

extension MigrateStore {
    /// Imports samples from any sequence of rows, read once, with the guarantees of a file import: one
    /// transaction with its `metricsImported` journal entry, bounded memory, duplicates skipped and counted,
    /// a contradicting sample or a bad row refuses the whole input (messages name the row, 1-based),
    /// chargers not in the fleet refused unless `skipUnknown`. `source` names the input in messages and the
    /// journal; `digest` identifies its content: importing the same digest again changes nothing.
    public func importSamples<S: Sequence>(_ rows: S, source: String, digest: String, actor: String, at: Date, simulated: Bool,
                                           skipUnknown: Bool = false) throws -> MetricsImportReport where S.Element == SampleInput {
        try importSamples(source: source, skipUnknown: skipUnknown, entry: (actor, at, simulated)) { writer in
            var builder = SampleBatchBuilder()
            var row = 0
            for sample in rows {
                row += 1
                try Self.add(sample, row: row, source: source, to: &builder)
                if builder.batch.isFull { try writer.add(builder.take()) }
            }
            if builder.batch.count > 0 { try writer.add(builder.take()) }
            if row == 0 { throw SampleImportError(file: source, line: nil, reason: "there are no samples") }
            return SampleFeedEnd(digest: digest)
        } line: { _, _ in nil }
    }

    private static func add(_ s: SampleInput, row: Int, source: String, to builder: inout SampleBatchBuilder) throws {
        guard s.value.isFinite else { throw SampleImportError(file: source, line: row, reason: "column value: \(s.value) \(SampleValueParsing.ValueProblem.notFinite.text)") }
        guard s.value >= 0 else { throw SampleImportError(file: source, line: row, reason: "column value: \(s.value) \(SampleValueParsing.ValueProblem.negative.text)") }
        let seconds = s.time.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e12 else { throw SampleImportError(file: source, line: row, reason: "column time: out of range") }
        let micros = Int64((seconds * 1e6).rounded(.down))
        var charger = s.charger, metric = s.metric
        try charger.withUTF8 { c in
            try metric.withUTF8 { m in
                try builder.append(time: micros, charger: c, metric: m, value: s.value + 0, line: row) { bytes, column in
                    try SampleRow.checkID(bytes, column, source, row)
                }
            }
        }
    }
}
