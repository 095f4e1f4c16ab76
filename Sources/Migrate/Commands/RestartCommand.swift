import Application
import ArgumentParser
import Engine
import Foundation
import Playbook

struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "A rolled-back cohort starts again at the first phase.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "Why, recorded in the journal.") var reason: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws { try await Transition.run(global: global, json: json) { try await $0.restart(cohort, reason: reason, as: $1) } }
}
