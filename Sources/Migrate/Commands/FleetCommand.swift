import Application
import ArgumentParser
import Engine
import Foundation

/// `migrate fleet import FILE` and `migrate fleet list`.
struct FleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Import and list the chargers of the fleet.",
        subcommands: [Import.self, List.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import the fleet from CSV: column `id` is the charger id, every other column an attribute.",
            discussion: "Importing again adds new chargers and updates the attributes of known ones; a bad row stops the import and nothing is stored."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "CSV file with a header row.") var file: String

        func run() async throws {
            let context = try Context(global)
            let report = try context.service.importFleet(csv: try InputFile.read(file), file: file, as: context.invocation)
            report.warnings.forEach(Output.standardError)
            print("\(file): \(report.added) chargers added, \(report.updated) updated, \(report.unchanged) unchanged"
                  + (report.entry.map { " (journal entry \($0.seq))" } ?? ""))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The inventory: every charger and its attributes.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON: an array of {id, attributes}.") var json = false

        func run() async throws {
            let chargers = try Context(global, quiet: true).service.fleet()
            if json { return try Output.printJSON(chargers) }
            let columns = Set(chargers.flatMap(\.attributes.keys)).sorted()
            print(Output.table(["ID"] + columns.map { $0.uppercased() }, chargers.map { c in [c.id] + columns.map { c.attributes[$0] ?? "" } }))
            print("\(chargers.count) chargers")
        }
    }
}
