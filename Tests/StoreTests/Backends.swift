import Engine
import Foundation
import PostgresStore
import Store
import Testing

/// The store implementations the contract tests run against: SQLite always, PostgreSQL when
/// `MIGRATE_TEST_POSTGRES` holds a server URL (`.ci/postgres.sh` starts one); each PostgreSQL test gets a fresh
/// database, dropped afterwards.
enum Backend: String, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static let postgresURL: PostgresURL? = ProcessInfo.processInfo.environment["MIGRATE_TEST_POSTGRES"]
        .flatMap { $0.isEmpty ? nil : try? PostgresURL($0) }

    /// SQLite, and PostgreSQL when a server is given.
    static var all: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    static let postgresMissing = "MIGRATE_TEST_POSTGRES is not set (eval \"$(.ci/postgres.sh)\" starts a server): the PostgreSQL store's tests are skipped"

    var testDescription: String { rawValue }
}

/// One store of a backend, with whatever it needs removed when released.
final class BackendStore: @unchecked Sendable {
    let backend: Backend
    let directory: URL
    /// The SQLite file, or the PostgreSQL URL.
    let location: String
    let database: String?
    private(set) var store: any MigrateStoring & CopyableStore

    init(_ backend: Backend) throws {
        self.backend = backend
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch backend {
        case .sqlite:
            database = nil
            location = directory.appendingPathComponent("migrate.db").path
        case .postgres:
            guard let server = Backend.postgresURL else { throw StoreError(Backend.postgresMissing) }
            let name = "migrate_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try PostgresAdmin.createDatabase(String(name), on: server)
            database = String(name)
            var url = server.with(database: String(name))
            url.password = server.password
            location = "postgres://\(url.user):\(url.password ?? "")@\(url.host):\(url.port)/\(name)?sslmode=disable"
        }
        store = try Self.open(location)
    }

    static func open(_ location: String) throws -> any MigrateStoring & CopyableStore {
        PostgresURL.isPostgres(location) ? try PostgresStore(url: location) : try MigrateStore(path: location)
    }

    /// The same store opened afresh.
    func reopen() throws -> any MigrateStoring & CopyableStore { try Self.open(location) }

    /// Runs SQL on the store behind its back, as someone with direct access to the database would.
    func tamper(_ sql: String) throws {
        switch backend {
        case .sqlite:
            try Tamper.sql(location, sql)
        case .postgres:
            for statement in sql.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !statement.isEmpty {
                try PostgresAdmin.execute(statement, on: try PostgresURL(location))
            }
        }
    }

    deinit {
        if let database, let server = Backend.postgresURL {
            (store as? PostgresStore)?.close()
            try? PostgresAdmin.dropDatabase(database, on: server)
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Says, in the test log, why the PostgreSQL half of the contract tests did not run; in CI it must run.
@Suite struct PostgresBackendPresence {
    @Test(.disabled(if: Backend.postgresURL == nil, Comment(rawValue: Backend.postgresMissing)))
    func theContractTestsRunAgainstPostgreSQL() throws {
        let s = try BackendStore(.postgres)
        #expect(try s.store.journalHead() == 0)
        print("POSTGRES-TEST-RAN")
    }
}
