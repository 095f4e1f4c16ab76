import ArgumentParser
import Engine
import Foundation
import PostgresStore
import Store

/// `migrate db init`: creates the store's schema (or brings it up to date) and says which version it is at.
struct DbCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Create or upgrade the store's schema (SQLite file or PostgreSQL database).",
        subcommands: [Init.self])

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the store's tables, or apply the numbered migrations it lacks.",
            discussion: """
                For --db postgres://USER@HOST:PORT/DB the database must exist and the user may create tables in it; \
                a database of a newer schema, or with other tables, is refused. Every command also does this on first use.
                """)
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let location = global.storePath
            if PostgresURL.isPostgres(location) {
                let store = try PostgresStore(url: location)
                let applied = store.applied.isEmpty ? "already current" : "applied " + store.applied.joined(separator: ", ")
                print("\(store.url.display): schema version \(PostgresStore.schemaVersion) (\(applied))")
            } else {
                _ = try MigrateStore(path: location)
                print("\(location): schema current")
            }
        }
    }
}
