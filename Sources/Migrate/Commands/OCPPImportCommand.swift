import Application
import ArgumentParser
import Engine
import Foundation
import OCPP

/// `migrate ocpp import FILE... [--skip-unknown] [--json]`: each log in its own transaction, journaled as one entry.
struct OCPPImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Store the KPIs of frame logs as metric samples (idempotent; a grown log adds only what is new).",
        discussion: """
            Each FILE is one frame log (docs/ocpp.md), read as a stream; its KPIs (the counts `ocpp kpis` prints) \
            are stored as metric samples named after the KPIs (session.started, connection.dropped, ...) in one \
            transaction with one journal entry, which records where the log was read up to. Importing the same \
            log again changes nothing; importing it after it has grown adds only what is new, and counts the \
            CALLs that were still waiting for their answer when it was last read. A log is known by its first \
            line. A line that is not a record refuses the whole log (FILE:LINE), as do samples of chargers not in \
            the fleet (with --skip-unknown they are dropped and counted). A last line without a newline is left \
            for the next import, with a warning. Logs before a refused one stay imported; the command stops at \
            the first refused log and exits 1. With --switches the FILEs are the routing proxy's switch logs, whose \
            outcomes become route.switch.requested/completed/failed/cancelled samples the same way (migrate proxy \
            imports its own logs every --import-every).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Drop samples of chargers that are not in the fleet (counted, and journaled with the import) instead of refusing the log.")
    var skipUnknown = false

    @Flag(name: .long, help: "The FILEs are `migrate proxy`'s switch logs (switches-*.jsonl): store their outcomes as route.switch.* samples (docs/proxy.md).")
    var switches = false

    @Flag(name: .long, help: "Print a JSON array with one object per log (as metrics import, plus replaced and log).")
    var json = false

    @Argument(help: "Frame logs (JSON Lines).")
    var files: [String]

    func run() throws {
        let context = try Context(global, quiet: true)
        var reports: [MetricsImportReport] = []
        for file in files {
            let result: OCPPImportReport
            do {
                result = switches
                    ? try context.service.importSwitchLog(path: file, skipUnknown: skipUnknown, as: context.invocation)
                    : try context.service.importOCPPLog(path: file, skipUnknown: skipUnknown, as: context.invocation)
            } catch {
                if json, !reports.isEmpty { try Output.printJSON(reports) }
                throw error
            }
            for warning in result.warnings { Output.standardError(warning.description) }
            guard let report = result.imported else {
                Output.standardError("\(file): no complete line yet; nothing to import")
                continue
            }
            reports.append(report)
            if !json { print(Self.line(report)) }
        }
        if json { try Output.printJSON(reports) }
    }

    static func line(_ r: MetricsImportReport) -> String {
        let lines = r.log.map { " (\($0.lines) lines read" + ($0.undecidedCalls > 0 ? ", \($0.undecidedCalls) CALLs still awaiting their answer)" : ")") } ?? ""
        if r.alreadyImported { return "\(r.file): already imported up to here\(lines) (journal entry \(r.entry)); nothing changed" }
        return MetricsImportCommand.line(r, note: r.replaced > 0 ? "; \(r.replaced) stored samples grew" : "") + lines
    }
}
