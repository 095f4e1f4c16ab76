import Application
import ArgumentParser
import Engine
import Foundation
import Gates

/// `migrate gates COHORT [--json]`: evaluates the current phase's gates now; changes nothing.
struct GatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gates",
        abstract: "Evaluate the current phase's gates now, with evidence; changes nothing.",
        discussion: "Exit 0 when every gate passes, 3 otherwise."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Flag(help: "Print JSON: {cohort, phase, result, gates: [...]}.") var json = false

    func run() async throws {
        let context = try Context(global, quiet: true)
        let report = try await context.service.gates(of: cohort, as: context.invocation)
        if json { try Output.printJSON(GateReportView(report)) } else { print(GateRendering.table(report)) }
        if report.result != .pass { throw ExitCode(3) }
    }
}
