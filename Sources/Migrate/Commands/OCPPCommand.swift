import Application
import ArgumentParser
import Engine
import Foundation
import OCPP

/// `migrate ocpp`: KPIs from OCPP-J frame logs (OCPP.md).
struct OCPPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocpp",
        abstract: "KPIs from OCPP-J frame logs (1.6J and 2.0.1).",
        subcommands: [OCPPKPIsCommand.self, OCPPImportCommand.self]
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
        if json, let format, format != .json { throw MigrateError.invalid("--json and --format \(format.rawValue) contradict each other; give one") }
        let format = json ? .json : (self.format ?? .table)
        let report = try OCPPEvidence.kpis(files: files, from: try Self.time(from, "--from"), to: try Self.time(to, "--to"),
                                           keepingChargerDays: format == .csv)
        for warning in report.warnings { Output.standardError(warning.description) }
        switch format {
        case .json: print(report.aggregate.json())
        case .csv: KPIRendering.printCSV(report.aggregate)
        case .table: print(KPIRendering.table(report.aggregate))
        }
    }

    /// `--from`/`--to`: an ISO 8601 time, or a date meaning its UTC midnight.
    static func time(_ text: String?, _ option: String) throws -> Int64? {
        guard let text else { return nil }
        if let t = Timestamp.parse(text) { return t }
        if text.count == 10, let t = Timestamp.parse(text + "T00:00:00Z") { return t }
        throw MigrateError.invalid("\(option) '\(text)' is not an ISO 8601 time (e.g. 2026-09-01T00:00:00Z) or a date (2026-09-01)")
    }
}
