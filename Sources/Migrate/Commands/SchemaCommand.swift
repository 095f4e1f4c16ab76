import ArgumentParser
import Playbook

/// `migrate schema`: the playbook language's JSON Schema, for editors with a YAML language server.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the playbook language's JSON Schema (draft 2020-12).",
        discussion: """
            Save it and point your editor at it, e.g. `migrate schema > playbook.schema.json` and, \
            first line of a playbook: `# yaml-language-server: $schema=./playbook.schema.json`.
            """
    )

    func run() throws {
        print(PlaybookSchema.json)
    }
}
