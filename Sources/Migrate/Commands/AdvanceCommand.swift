import ArgumentParser
import Engine
import Foundation
import Playbook

struct AdvanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Leave the phase for the next (or complete the cohort) when every gate passes.",
        discussion: "When a gate fails or is pending: exit 3, and a `blocked` journal entry with the evidence."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "Why, recorded in the journal.") var reason: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws { try await Transition.run(.advance, cohort: cohort, reason: reason, global: global, json: json) }
}
