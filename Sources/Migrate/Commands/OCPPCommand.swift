import ArgumentParser
import Foundation
import OCPP

/// `migrate ocpp`: KPIs from OCPP-J frame logs (OCPP.md).
struct OCPPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocpp",
        abstract: "KPIs from OCPP-J frame logs (1.6J and 2.0.1).",
        subcommands: [OCPPKPIsCommand.self]
    )
}

/// `migrate ocpp kpis FILE... [--json | --format table|csv|json] [--from T] [--to T]`: counts, stores nothing.
struct OCPPKPIsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpis",
        abstract: "Count the KPIs of frame logs: totals, per charger, by UTC day. Stores nothing.",
        discussion: """
            A frame log is JSON Lines, one record a line (docs/ocpp.md). Each file is one log, read as a stream. \
            A line that is not a record is an error naming the file and line (exit 1, nothing printed on \
            standard output); a last line without a newline (a log still being written) is left out with a warning. \
            --from and --to select samples by their time, from inclusive, to exclusive.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print OCPP.md's JSON (the same as --format json).") var json = false
    @Option(help: "table (for people), csv (metric,charger,day,value per charger and day) or json.") var format: Format?
    @Option(help: ArgumentHelp("Only samples at or after this time (ISO 8601, or a date: its UTC midnight).", valueName: "time")) var from: String?
    @Option(help: ArgumentHelp("Only samples before this time (ISO 8601, or a date: its UTC midnight).", valueName: "time")) var to: String?
    @Argument(help: "Frame logs (JSON Lines).") var files: [String]

    func run() async throws {
        if json, let format, format != .json { throw UserError("--json and --format \(format.rawValue) contradict each other; give one") }
        let format = json ? .json : (self.format ?? .table)
        let window = (from: try Self.time(from, "--from"), to: try Self.time(to, "--to"))
        if let f = window.from, let t = window.to, f >= t { throw UserError("--from \(from!) is not before --to \(to!)") }
        var aggregate = KPIAggregate(from: window.from, to: window.to, keepingChargerDays: format == .csv)
        var problems: [String] = []
        for file in files {
            aggregate.beginLog()
            do {
                let summary = try FrameLog.count(path: file, into: &aggregate)
                aggregate.noteSpan(first: summary.firstTime, last: summary.lastTime)
                for warning in summary.warnings { Output.standardError(warning.description) }
            } catch {
                problems.append(error.description)
            }
        }
        if !problems.isEmpty { throw UserError(problems.joined(separator: "\n")) }
        switch format {
        case .json: print(aggregate.json())
        case .csv: KPIRendering.printCSV(aggregate)
        case .table: print(KPIRendering.table(aggregate))
        }
    }

    /// `--from`/`--to`: an ISO 8601 time, or a date meaning its UTC midnight.
    static func time(_ text: String?, _ option: String) throws -> Int64? {
        guard let text else { return nil }
        if let t = Timestamp.parse(text) { return t }
        if text.count == 10, let t = Timestamp.parse(text + "T00:00:00Z") { return t }
        throw UserError("\(option) '\(text)' is not an ISO 8601 time (e.g. 2026-09-01T00:00:00Z) or a date (2026-09-01)")
    }
}
