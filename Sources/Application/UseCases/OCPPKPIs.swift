import Engine
import OCPP

/// What counting frame logs found: the KPIs (OCPP.md's totals, per charger, by day) and what to warn about.
public struct OCPPKPIReport: Sendable {
    public var aggregate: KPIAggregate
    /// One per file, in the order given.
    public var summaries: [FrameLogSummary]

    /// Every file's warnings (`FILE:LINE: warning: ...`), in file order.
    public var warnings: [FrameLogWarning] { summaries.flatMap(\.warnings) }
}

/// OCPP evidence: KPIs from frame logs (the pure `OCPP` module does the reading). Stores nothing, so it needs
/// no store: `migrate ocpp kpis` never creates one.
public enum OCPPEvidence {
    /// Counts the KPIs of `files`, each one log, keeping the samples whose time is in `[from, to)`. Every
    /// problem of every file is reported together, as invalid input naming file and line; then nothing counts.
    public static func kpis(files: [String], from: Int64?, to: Int64?, keepingChargerDays: Bool = false) throws -> OCPPKPIReport {
        if let from, let to, from >= to {
            throw MigrateError.invalid("the window's start \(Timestamp.format(from)) is not before its end \(Timestamp.format(to))")
        }
        var aggregate = KPIAggregate(from: from, to: to, keepingChargerDays: keepingChargerDays)
        var summaries: [FrameLogSummary] = []
        var problems: [String] = [], badFiles: [String] = []
        for file in files {
            aggregate.beginLog()
            do {
                let summary = try FrameLog.count(path: file, into: &aggregate)
                aggregate.noteSpan(first: summary.firstTime, last: summary.lastTime)
                summaries.append(summary)
            } catch {
                problems.append(error.description)
                badFiles.append(file)
            }
        }
        if !problems.isEmpty {
            throw MigrateError.invalid(problems.joined(separator: "\n"), subject: badFiles.count == 1 ? .file(badFiles[0]) : nil)
        }
        return OCPPKPIReport(aggregate: aggregate, summaries: summaries)
    }
}
