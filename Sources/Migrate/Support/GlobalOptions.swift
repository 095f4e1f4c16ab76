import ArgumentParser
import Engine
import Foundation
import PostgresStore
import Store

/// The options every command takes: where the store is, who acts, and the engine's clock.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store: a SQLite file, created on first use, or postgres://USER@HOST:PORT/DB (password from the URL, PGPASSWORD or ~/.pgpass; ?sslmode=disable|prefer|require|verify-full) (env MIGRATE_DB; default ./migrate.db).", valueName: "path|url"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Who is acting, recorded in the journal (env MIGRATE_ACTOR; default the login name).", valueName: "name"))
    var actor: String?

    @Option(name: .long, help: ArgumentHelp("The engine's clock, ISO 8601, for replays, demos and tests (env MIGRATE_NOW); the journal marks such entries as simulated.", valueName: "time"))
    var now: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var storePath: String { db ?? environment["MIGRATE_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "./migrate.db" }

    var actorName: String {
        if let actor, !actor.isEmpty { return actor }
        if let a = environment["MIGRATE_ACTOR"], !a.isEmpty { return a }
        for key in ["LOGNAME", "USER"] { if let u = environment[key], !u.isEmpty { return u } }
        return NSUserName().isEmpty ? "unknown" : NSUserName()
    }

    /// The clock and actor of this invocation; `--now` (or MIGRATE_NOW) fixes the clock.
    func invocation() throws -> Invocation {
        let given = now ?? environment["MIGRATE_NOW"].flatMap { $0.isEmpty ? nil : $0 }
        if let given {
            guard let date = ISOTime.parse(given) else {
                throw MigrateError.invalid("--now '\(given)' is not an ISO 8601 time (e.g. 2026-11-16T09:00:00Z)")
            }
            return .simulated(actor: actorName, at: date)
        }
        return .live(actor: actorName)
    }

    /// The one place the command line chooses its store: PostgreSQL for a `postgres://` URL, else a SQLite file.
    func openStore() throws -> any MigrateStoring {
        try Self.openStore(at: storePath)
    }

    static func openStore(at location: String) throws -> any MigrateStoring & CopyableStore {
        PostgresURL.isPostgres(location) ? try PostgresStore(url: location) : try MigrateStore(path: location)
    }
}
