import Application
import ArgumentParser
import Engine
import Foundation

struct AdvanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Leave the phase for the next (or complete the cohort) when every gate passes.",
        discussion: """
            When a gate fails or is pending: exit 3, and a `blocked` journal entry with the evidence. \
            With --expect-phase, refused (exit 3, nothing written) unless the cohort is in that phase, so that two \
            operators or a retried script never promote twice.
            """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "Why, recorded in the journal.") var reason: String?
    @Option(name: .customLong("expect-phase"), help: ArgumentHelp("Refuse unless the cohort is in this phase.", valueName: "phase"))
    var expectPhase: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await Transition.run(global: global, json: json) { try await $0.advance(cohort, reason: reason, expectPhase: expectPhase, as: $1) }
    }
}
