import ArgumentParser
import Engine
import Foundation
import PostgresStore
import Store

/// `migrate store copy --from A --to B`: a whole store to another backend, verified.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move a store between backends (a SQLite file and PostgreSQL).",
        subcommands: [Copy.self])

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy everything of one store into a new, empty one, then verify the copy.",
            discussion: """
                The journal is copied row for row (its hash chain as stored), the tables are rebuilt from it, and \
                every metric sample is copied; the copy must verify and end on the source's last hash. The source \
                must verify first. A SQLite target is created; a PostgreSQL target database must exist and be empty. \
                Exit 0 when the copy verifies, 1 otherwise (nothing is left half-copied).
                """)
        @Option(help: ArgumentHelp("The store to copy: a SQLite file or postgres://USER@HOST:PORT/DB.", valueName: "path|url"))
        var from: String
        @Option(help: ArgumentHelp("The new store: a SQLite file (created) or postgres://USER@HOST:PORT/DB (an empty database).", valueName: "path|url"))
        var to: String
        @Flag(help: "Print JSON: {from, to, entries, samples, last_hash, sample_days}.") var json = false

        struct JSON: Encodable {
            var from: String, to: String, entries: Int, samples: Int, lastHash: String?, sampleDays: Int
            enum CodingKeys: String, CodingKey { case from, to, entries, samples, lastHash = "last_hash", sampleDays = "sample_days" }
        }

        func run() async throws {
            if !PostgresURL.isPostgres(from) && !FileManager.default.fileExists(atPath: from) {
                throw MigrateError.invalid("--from \(from): no such store")
            }
            if !PostgresURL.isPostgres(to) && FileManager.default.fileExists(atPath: to) {
                throw MigrateError.invalid("--to \(to) exists; copy into a new file")
            }
            let source = try GlobalOptions.openStore(at: from), target = try GlobalOptions.openStore(at: to)
            let report = try StoreCopy.copy(from: source, to: target)
            if json {
                try Output.printJSON(JSON(from: report.from, to: report.to, entries: report.entries, samples: report.samples,
                                          lastHash: report.lastHash, sampleDays: report.verify.sampleDays))
                return
            }
            print("copied \(report.entries) journal entries and \(report.samples) samples from \(report.from) to \(report.to); "
                  + "the copy verifies" + (report.lastHash.map { " (last hash \($0.prefix(16))…, as the source)" } ?? ""))
        }
    }
}
