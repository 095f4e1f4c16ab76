import Application
import ArgumentParser
import Engine
import Foundation

/// `migrate history COHORT [--json]`: the cohort's journal, oldest first.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "The cohort's journal, oldest first.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Flag(help: "Print JSON: an array of entries with seq, at, kind, cohort, actor, reason, simulated, what and the payload's fields.") var json = false

    func run() async throws {
        let entries = try Context(global, quiet: true).service.history(of: cohort)
        if json { return print(try HistoryView.json(entries)) }
        let rows = entries.map { e in
            [String(e.seq), ISOTime.format(e.at) + (e.simulated ? "*" : ""), e.kind.rawValue, e.actor,
             e.event.summary + (e.reason.map { $0.isEmpty ? "" : "  (\($0))" } ?? "")]
        }
        print(Output.table(["SEQ", "AT", "KIND", "ACTOR", "WHAT"], rows))
        if entries.contains(where: \.simulated) { print("* simulated clock (--now)") }
    }
}
