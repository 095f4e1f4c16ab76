import Application
import Engine
import PostgresStore
import ArgumentParser
import Foundation
import Playbook

/// `migrate validate FILE...`: every problem of every playbook, as `FILE:LINE:COLUMN: error: MESSAGE`.
///
/// Diagnostics go to standard output (editors and CI parse them there); a one-line summary per
/// file goes to standard error. Exit 1 when any file has an error, 0 otherwise (warnings pass).
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check playbooks and print every problem with its line and column.",
        discussion: """
            Exits 1 when any file has an error (or cannot be read), 0 otherwise; warnings do not fail.
            Sample names the metrics read are checked against the KPIs `migrate ocpp import` and the proxy record
            (a close misspelling is a warning); with --db, also against the names the store has samples of.
            """
    )

    @Flag(name: .long, help: "Print a JSON array of {file, line, column, severity, message} instead of text.")
    var json = false

    @Option(help: ArgumentHelp("Also check the sample names the metrics read against this store's (an existing SQLite file or postgres://...; never created).", valueName: "path|url"))
    var db: String?

    @Argument(help: "Playbook files to check.")
    var files: [String]

    func run() throws {
        let stored = try db.map(Self.storedMetricNames)
        var all: [Diagnostic] = []
        for file in files {
            var result = PlaybookLoader.load(path: file)
            if let playbook = result.playbook {
                result.diagnostics += SampleNameCheck.warnings(playbook, file: file, stored: stored)
            }
            all += result.diagnostics
            if !json {
                for diagnostic in result.diagnostics { print(diagnostic.description) }
            }
            Self.printToStandardError(summary(file: file, result))
        }
        if json { print(Self.jsonText(all)) }
        if all.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }

    /// The metric names `location`'s store has samples of; a SQLite path that is not a file is an error, not a new store.
    private static func storedMetricNames(_ location: String) throws -> Set<String> {
        if !PostgresURL.isPostgres(location), !FileManager.default.fileExists(atPath: location) {
            throw MigrateError.invalid("--db \(location): no store there (validate never creates one)")
        }
        return try GlobalOptions.openStore(at: location).metricNames()
    }

    private func summary(file: String, _ result: LoadResult) -> String {
        let errors = result.errors.count, warnings = result.warnings.count
        if errors == 0, warnings == 0 { return "\(file): ok" }
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(file): \(count(errors, "error")), \(count(warnings, "warning"))"
    }

    private static func printToStandardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// `[{"file": ..., "line": ..., "column": ..., "severity": ..., "message": ...}]`, one per line.
    static func jsonText(_ diagnostics: [Diagnostic]) -> String {
        let objects = diagnostics.map { d -> String in
            JSONValue.object([
                (key: "file", value: .string(d.file)),
                (key: "line", value: .number(Double(d.position.line))),
                (key: "column", value: .number(Double(d.position.column))),
                (key: "severity", value: .string(d.severity.rawValue)),
                (key: "message", value: .string(d.message)),
            ]).jsonText
        }
        return objects.isEmpty ? "[]" : "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]"
    }
}
