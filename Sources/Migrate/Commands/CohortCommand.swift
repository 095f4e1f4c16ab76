import Application
import ArgumentParser
import Engine
import Foundation
import Playbook

/// `migrate cohort create NAME --playbook FILE (--where ATTR=V1,V2 ... | --all)`.
struct CohortCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "Create cohorts: named sets of the fleet's chargers that move through a playbook.",
        subcommands: [Create.self, Upgrade.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a cohort of the chargers that match every --where; it enters the playbook's first phase.",
            discussion: """
                The cohort keeps the playbook's text and digest: editing the file later does not change a running cohort.
                A charger belongs to one cohort.
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The cohort's name.") var name: String
        @Option(help: "The playbook file the cohort runs.") var playbook: String
        @Option(name: .customLong("where"), help: ArgumentHelp("Only chargers whose attribute is one of the values (repeatable).", valueName: "attr=v1,v2"))
        var conditions: [String] = []
        @Flag(help: "Every charger of the fleet.") var all = false
        @Option(help: "Why, recorded in the journal.") var reason: String?

        func validate() throws {
            guard all != !conditions.isEmpty else { throw ValidationError("give either --where ATTR=V1,V2 (one or more) or --all") }
            if let problem = CohortCreation.problem(withName: name) { throw ValidationError(problem) }
        }

        func run() async throws {
            let context = try Context(global)
            let source = try PlaybookFile.read(playbook)
            let selector = all ? CohortSelector.all : CohortSelector(conditions: try conditions.map(CohortSelector.condition(parsing:)))
            let created = try await context.service.createCohort(name, playbook: source, selector: selector, reason: reason, as: context.invocation)
            let snapshot = created.snapshot
            let book = snapshot.playbook
            let onTarget = snapshot.routes.values.filter { $0 == book.to }.count
            print("cohort \(name) created with \(snapshot.chargers.count) chargers on playbook \(book.name); phase \(book.phases[0].name)")
            print("  \(onTarget) routed to \(book.to), \(snapshot.chargers.count - onTarget) on \(book.from) (journal entries \(created.entries.first?.seq ?? 0)-\(created.entries.last?.seq ?? 0))")
            if let line = PlanRendering.stop(created.plan, cohort: name) { print("  on_enter (\(book.phases[0].onEnter.count) steps): " + line) }
            PlaybookWarnings.print(created.warnings)
        }
    }
}

extension CohortCommand {
    struct Upgrade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "upgrade",
            abstract: "Move a cohort to a new version of its playbook (journaled with both digests).",
            discussion: """
                The new playbook must validate, keep `from` and `to`, and have the cohort's current phase (by name);
                no plan may be under way. Routes do not change now: the new scopes apply when the cohort next enters a phase.
                Approvals already given for the current phase stay.
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The cohort.") var name: String
        @Option(help: "The new playbook file.") var playbook: String
        @Option(help: "Why, recorded in the journal.") var reason: String

        func run() async throws {
            let context = try Context(global)
            let u = try context.service.upgradeCohort(name, playbook: try PlaybookFile.read(playbook), reason: reason, as: context.invocation)
            PlaybookWarnings.print(u.warnings)
            guard let entry = u.entry else { return print("cohort \(name) already runs this playbook (\(u.digest.prefix(12)))") }
            print("cohort \(name) now runs \(u.playbook) \(u.digest.prefix(12)) (was \(u.fromDigest.prefix(12))); journal entry \(entry.seq)")
        }
    }
}

/// Warnings about a playbook a command accepted, on standard error as `FILE:LINE:COLUMN: warning: MESSAGE`.
enum PlaybookWarnings {
    static func print(_ warnings: [Diagnostic]) {
        for warning in warnings { FileHandle.standardError.write(Data((warning.description + "\n").utf8)) }
    }
}

/// Reads a playbook file for the application (which validates it), refusing what is not a readable file.
enum PlaybookFile {
    static func read(_ path: String) throws -> PlaybookSource {
        try PlaybookSource(bytes: InputFile.read(path, limit: LoaderLimits.default.maxBytes + 1), file: path)
    }
}
