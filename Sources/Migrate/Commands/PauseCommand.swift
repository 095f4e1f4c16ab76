import Application
import ArgumentParser
import Engine
import Foundation
import Playbook

struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause the cohort and run the pause plan (run again, carries on an unfinished one).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "Why, recorded in the journal.") var reason: String
    @Flag(name: .customLong("dry-run"), help: "Print what the pause would do, touching nothing.") var dryRun = false
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        if dryRun { return try DryRun.print(.pause, cohort: cohort, reason: reason, json: json, global: global) }
        try await Transition.run(global: global, json: json) { try await $0.pause(cohort, reason: reason, as: $1) }
    }
}
