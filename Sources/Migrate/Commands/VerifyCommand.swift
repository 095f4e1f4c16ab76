import Application
import ArgumentParser
import Engine
import Foundation

/// `migrate verify`: the whole journal's hash chain, and that the tables follow from it.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the journal's hash chain and that the current state follows from it.",
        discussion: """
            Exit 0 when it verifies; 1 naming the first bad entry. Sample days whose stored rows are byte for byte \
            those last found to match the journal (their seal) are checked by the seal; the others, or all with \
            --full, by decoding and digesting every sample (docs/metrics.md, Verify).
            """)
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Check every sample in depth, whatever the seals.") var full = false
    @Flag(help: "Print JSON: {ok, entries, last_hash, problem, seq}.") var json = false

    struct JSON: Encodable {
        var ok: Bool
        var entries: Int
        var lastHash: String?
        var problem: String?
        var seq: Int64?
        enum CodingKeys: String, CodingKey { case ok, entries, problem, seq, lastHash = "last_hash" }
    }

    func run() async throws {
        let report = try Context(global, quiet: true).service.verify(full: full)
        if json {
            try Output.printJSON(JSON(ok: report.ok, entries: report.entries, lastHash: report.lastHash, problem: report.problem, seq: report.problemSeq))
            if !report.ok { throw ExitCode(1) }
            return
        }
        if let problem = report.problem { throw MigrateError(.invalidInput, "verify failed: \(problem)") }
        print("ok: \(report.entries) journal entries verify" + (report.lastHash.map { "; last hash \($0.prefix(16))…" } ?? "") + "; the tables follow from the journal"
              + (report.sampleDays > 0 ? "; \(report.sampleDays) days of samples (\(report.sampleDaysSealed) by their seal)" : ""))
    }
}
