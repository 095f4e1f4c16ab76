import ArgumentParser
import Engine
import Foundation
import Playbook
import Store

/// `migrate cohort create NAME --playbook FILE (--where ATTR=V1,V2 ... | --all)`.
struct CohortCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "Create cohorts: named sets of the fleet's chargers that move through a playbook.",
        subcommands: [Create.self, Upgrade.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
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
            guard Self.validName(name) else {
                throw ValidationError("cohort name '\(name)' must be 1-64 letters, digits, '-', '_' or '.'")
            }
        }

        static func validName(_ s: String) -> Bool {
            !s.isEmpty && s.count <= 64 && s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.".unicodeScalars.contains($0) }
        }

        func run() async throws {
            let context = try Context(global)
            let (book, content) = try PlaybookFile.load(playbook)
            let selector = all ? CohortSelector.all : CohortSelector(conditions: try conditions.map(CohortSelector.condition(parsing:)))
            let entries = try context.store.createCohort(name: name, playbook: book, content: content, selector: selector,
                                                         meta: context.meta(reason: reason))
            let snapshot = try context.store.snapshot(of: name)
            let onTarget = snapshot.routes.values.filter { $0 == book.to }.count
            print("cohort \(name) created with \(snapshot.chargers.count) chargers on playbook \(book.name); phase \(book.phases[0].name)")
            print("  \(onTarget) routed to \(book.to), \(snapshot.chargers.count - onTarget) on \(book.from) (journal entries \(entries.first!.seq)-\(entries.last!.seq))")
            if let plan = snapshot.cohort.plan {
                let runner = try context.runner(for: name)
                let (_, stop) = try await runner.drivePlan(cohort: name, retryFailed: false)
                if let line = PlanRendering.stop(stop, cohort: name) { print("  on_enter (\(plan.steps) steps): " + line) }
            }
        }
    }
}

extension CohortCommand {
    struct Upgrade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
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
            let (book, content) = try PlaybookFile.load(playbook)
            let snapshot = try context.store.snapshot(of: name)
            let digest = MigrateStore.digest(Data(content.utf8))
            switch snapshot.machine.upgrade(to: book, digest: digest, content: content) {
            case let .refuse(refusal, _): throw Refused(refusal.description)
            case let .accept(record, _):
                guard !record.isEmpty else { return print("cohort \(name) already runs this playbook (\(digest.prefix(12)))") }
                let entries = try context.store.append(record.map { context.meta(reason: reason).entry($0, cohort: name) },
                                                       expecting: snapshot.cohort.version, of: name)
                print("cohort \(name) now runs \(book.name) \(digest.prefix(12)) (was \(snapshot.cohort.playbookDigest.prefix(12))); journal entry \(entries[0].seq)")
            }
        }
    }
}

/// Reads a playbook file and refuses it, with every diagnostic, when it does not validate.
enum PlaybookFile {
    static func load(_ path: String) throws -> (Playbook, String) {
        let result = PlaybookLoader.load(path: path)
        guard let playbook = result.playbook else {
            throw UserError("\(path) does not validate:\n" + result.errors.map(\.description).joined(separator: "\n"))
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw UserError("cannot read \(path)")
        }
        return (playbook, text)
    }
}
