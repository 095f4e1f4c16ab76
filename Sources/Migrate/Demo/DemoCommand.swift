import ArgumentParser
import Engine
import Foundation
import Store

/// `migrate demo [--db PATH]`: the shipped example, start to end, on a store of its own, saying what happens and why.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Walk an example through pilot, checkpoint, expansion, completion and a rollback, explaining each step.",
        discussion: """
            It writes its own store (./migrate-demo.db unless --db says otherwise; never the default ./migrate.db)
            and its files (fleet, playbook, metric samples) in a folder beside it, runs real commands on a simulated
            clock, receives its webhooks on 127.0.0.1, and ends with the commands to explore what it left.
            """)

    @Option(help: ArgumentHelp("The demo's store (replaced if it is a previous demo's).", valueName: "path"))
    var db: String = "./migrate-demo.db"

    func run() async throws {
        let script = try DemoScript(storePath: db)
        try await script.play()
    }
}
