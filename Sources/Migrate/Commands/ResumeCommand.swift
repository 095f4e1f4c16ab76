import Application
import ArgumentParser
import Engine
import Foundation
import Playbook

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "A paused cohort becomes active again.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "Why, recorded in the journal.") var reason: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws { try await Transition.run(global: global, json: json) { try await $0.resume(cohort, reason: reason, as: $1) } }
}
