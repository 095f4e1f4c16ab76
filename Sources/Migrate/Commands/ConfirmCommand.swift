import Application
import ArgumentParser
import Engine
import Foundation
import Playbook

struct ConfirmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "confirm", abstract: "Confirm the manual step the cohort's plan waits on, and carry the plan on.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "A note, recorded in the journal.") var note: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws { try await Transition.run(global: global, json: json) { try await $0.confirm(cohort, note: note, as: $1) } }
}
