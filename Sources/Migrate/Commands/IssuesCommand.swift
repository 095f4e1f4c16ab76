import Application
import ArgumentParser
import Engine
import Foundation
import Gates
import Playbook

extension Severity: ExpressibleByArgument {}
extension IssueScope: ExpressibleByArgument {}
extension IssueImport.Format: ExpressibleByArgument {}

/// `migrate issues add|import|close|list`: the issue records gates count.
struct IssuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issues",
        abstract: "Record, import, close and list issue records.",
        subcommands: [Add.self, Import.self, Close.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Record an open issue; prints its id.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "What is wrong.") var title: String
        @Option(help: "critical, high, medium or low.") var severity: Severity
        @Option(help: "pilot-specific or fleet-wide (absent: unclassified).") var scope: IssueScope?
        @Option(help: "The cohort it is about (absent: every cohort).") var cohort: String?
        @Option(help: "Its id (default: the next ISS-N).") var id: String?
        @Option(help: "Who owns it.") var owner: String?
        @Option(help: "A link to it.") var url: String?

        func validate() throws {
            guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--title must say what is wrong; it is empty") }
            if let id, id.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--id is empty") }
        }

        func run() async throws {
            let context = try Context(global)
            let now = context.invocation.now
            let record = IssueRecord(id: id ?? "", title: title, severity: severity, scope: scope, cohort: cohort, owner: owner, url: url,
                                     openedAt: now, openedBy: context.invocation.actor)
            print(try context.service.addIssue(record, as: context.invocation).id)
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import issue records from CSV, JSON, or `gh issue list --json number,title,state,labels,createdAt,closedAt,url`.",
            discussion: """
                csv/json columns: id,title,severity,scope,cohort,owner,state,url,opened_at,closed_at.
                github: id GH-<number>; labels severity:X, scope:X, cohort:X, owner:X.
                Importing again updates changed records; a bad record stops the import and nothing is stored.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The file.") var file: String
        @Option(help: "csv, json or github (default: by the file's extension).") var format: IssueImport.Format?
        @Option(name: .customLong("default-severity"), help: "Severity of records that have none (e.g. GitHub issues without a severity label).") var defaultSeverity: Severity?

        func run() async throws {
            let context = try Context(global)
            guard let text = String(validating: try InputFile.read(file), as: UTF8.self) else {
                throw MigrateError.invalid("\(file) is not UTF-8 text", subject: .file(file))
            }
            let records = try IssueImport.parse(text, format: format ?? IssueImport.guessFormat(path: file), file: file,
                                                now: context.invocation.now, actor: context.invocation.actor, defaultSeverity: defaultSeverity)
            let r = try context.service.importIssues(records, file: file, as: context.invocation)
            for cohort in r.unknownCohorts {
                Output.standardError("warning: \(file): issues name cohort \(cohort), which does not exist (yet)")
            }
            print("\(file): \(r.opened) opened, \(r.updated) updated, \(r.unchanged) unchanged")
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "close", abstract: "Close an issue.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The issue's id.") var id: String
        @Option(help: "How it was resolved.") var note: String?

        func run() async throws {
            let context = try Context(global)
            let r = try context.service.closeIssue(id, note: note, as: context.invocation)
            print("\(r.id) closed by \(r.closedBy ?? "?")")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Issue records, most severe first.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only open ones.") var open = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let issues = try Context(global, quiet: true).service.issues(openOnly: open)
            if json { return try Output.printJSON(issues) }
            print(Output.table(["ID", "SEVERITY", "SCOPE", "COHORT", "STATE", "OWNER", "OPENED", "TITLE"], issues.map {
                [$0.id, $0.severity.rawValue, $0.scope?.rawValue ?? "unclassified", $0.cohort ?? "-", $0.isOpen ? "open" : "closed",
                 $0.owner ?? "-", ISOTime.format($0.openedAt), $0.title]
            }))
        }
    }
}

/// `migrate approve COHORT --role ROLE [--note TEXT]`.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Record the actor's approval of the cohort's current phase.",
        discussion: "One person counts once, whatever roles they claim. Approvals end when the phase is left.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "The role approving (one the phase's approvals gate asks for).") var role: String
    @Option(help: "A note, recorded in the journal.") var note: String?

    func run() async throws {
        let context = try Context(global)
        let entry = try context.service.approve(cohort, role: role, note: note, as: context.invocation)
        print("\(entry.actor) approved \(cohort) as \(role) (journal entry \(entry.seq))")
    }
}
