import Application
import ArgumentParser
import Engine
import Foundation
import Playbook

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Run the rollback plan; run again, it carries on an unfinished one.",
        discussion: "When the plan ends, every charger of the cohort is routed to the playbook's `from` backend.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "Why, recorded in the journal.") var reason: String
    @Flag(name: .customLong("dry-run"), help: "Print every step with its rendered request or command and the route changes, touching nothing.") var dryRun = false
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        if dryRun { return try DryRun.print(.rollback, cohort: cohort, reason: reason, json: json, global: global) }
        try await Transition.run(global: global, json: json) { try await $0.rollback(cohort, reason: reason, as: $1) }
    }
}
