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
        discussion: "Exits 1 when any file has an error (or cannot be read), 0 otherwise; warnings do not fail."
    )

    @Flag(name: .long, help: "Print a JSON array of {file, line, column, severity, message} instead of text.")
    var json = false

    @Argument(help: "Playbook files to check.")
    var files: [String]

    func run() throws {
        var all: [Diagnostic] = []
        for file in files {
            let result = PlaybookLoader.load(path: file)
            all += result.diagnostics
            if !json {
                for diagnostic in result.diagnostics { print(diagnostic.description) }
            }
            Self.printToStandardError(summary(file: file, result))
        }
        if json { print(Self.jsonText(all)) }
        if all.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
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
