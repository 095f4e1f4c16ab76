import Application
import ArgumentParser
import Engine
import Foundation
import Store

/// `migrate metrics`: samples in (`import`) and what is stored (`list`).
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Import metric samples and list what is stored.",
        subcommands: [MetricsImportCommand.self, MetricsListCommand.self]
    )
}

/// `migrate metrics import FILE...`: each file in its own transaction, journaled as one entry.
struct MetricsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import samples from CSV (time,charger,metric,value) or JSON Lines files.",
        discussion: """
            Time is ISO 8601 with Z or an offset, or Unix seconds. A sample is unique by charger, metric and time: \
            importing the same file again changes nothing, and samples already stored are skipped and counted. \
            A bad row, a sample that contradicts a stored one, or a charger not in the fleet refuses the whole file \
            (with --skip-unknown, samples of unknown chargers are dropped and the import records which). \
            Files before a refused one stay imported; the command stops at the first refused file and exits 1.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Drop samples of chargers that are not in the fleet (counted, and journaled with the import) instead of refusing the file.")
    var skipUnknown = false

    @Flag(name: .long, help: "Print a JSON array with one object per file.")
    var json = false

    @Argument(help: "CSV or JSON Lines files (.jsonl/.ndjson, or any file whose first character is '{').")
    var files: [String]

    func run() throws {
        let context = try Context(global, quiet: true)
        var reports: [MetricsImportReport] = []
        for file in files {
            let report: MetricsImportReport
            do {
                report = try context.service.importMetrics(path: file, skipUnknown: skipUnknown, as: context.invocation)
            } catch {
                if json, !reports.isEmpty { try Output.printJSON(reports) }
                throw error
            }
            reports.append(report)
            if !json { print(Self.line(report)) }
            if !report.alreadyImported {
                for warning in context.service.metricsFileWarnings(path: file) { Output.standardError("warning: \(warning)") }
            }
        }
        if json { try Output.printJSON(reports) }
    }

    /// One line per file; `note` goes before the journal entry (what an `ocpp import` adds).
    static func line(_ r: MetricsImportReport, note: String = "") -> String {
        if r.alreadyImported { return "\(r.file): already imported (journal entry \(r.entry)); nothing changed" }
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        var text = "\(r.file): \(count(r.samples, "sample")) stored, \(r.duplicates) already stored (skipped)"
        if let start = r.start, let end = r.end { text += ", from \(Output.time(start)) to \(Output.time(end))" }
        if r.skippedUnknown > 0 {
            let shown = r.unknownChargers.prefix(5).joined(separator: ", ") + (r.unknownChargers.count > 5 ? ", …" : "")
            text += "; dropped \(count(r.skippedUnknown, "sample")) of \(count(r.unknownChargers.count, "charger")) not in the fleet (\(shown))"
        }
        return text + note + " (journal entry \(r.entry))"
    }
}

/// `migrate metrics list`: per metric, the samples stored, the chargers they cover and their time range.
struct MetricsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Per metric: samples, chargers, first and last sample time.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        let summaries = try Context(global, quiet: true).service.metricSummaries()
        if json { return try Output.printJSON(summaries) }
        if summaries.isEmpty { return print("no samples stored; import some with `migrate metrics import FILE`") }
        print(Output.table(["METRIC", "SAMPLES", "CHARGERS", "FIRST", "LAST"], summaries.map {
            [$0.name, String($0.samples), String($0.chargers), Output.time($0.first), Output.time($0.last)]
        }))
    }
}
