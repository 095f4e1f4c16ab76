import Adapters
import Application
import ArgumentParser
import Engine
import Foundation
import Report

/// `migrate report COHORT [--format md|html] [--output FILE]`: the checkpoint decision report.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The checkpoint decision report: is the cohort ready to expand, and why.",
        discussion: """
            Answers the checkpoint questions from the journal and the store: the decision, every gate \
            (of the current phase, evaluated now, and of each phase passed), open issues, scale-up risks, \
            the rollback and pause plans, coverage of the fleet, the timeline and the operating model. \
            Markdown is plain and diff-friendly; HTML is one self-contained file with charts. Changes nothing.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "md or html.") var format: Format = .md
    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file")) var output: String?

    func run() async throws {
        let context = try Context(global, quiet: true)
        let report = try await context.service.report(of: cohort, as: context.invocation)
        let text = switch format {
        case .md: MarkdownRenderer.render(report)
        case .html: HTMLRenderer.render(report)
        }
        guard let output else { print(text, terminator: ""); return }
        do {
            try SafeFileWriter.write(Data(text.utf8), to: output)
        } catch {
            throw MigrateError.invalid("cannot write the report: \(error)", subject: .file(output))
        }
        Output.standardError("wrote the \(format.rawValue) report of \(cohort) to \(output)")
    }
}
