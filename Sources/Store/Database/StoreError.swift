import Engine

/// Why the store cannot do what was asked: the store itself is unusable (not SQLite, another application's,
/// a newer schema, read-only, a failed statement). Said without advice about any front end's commands.
public struct StoreError: KindedError, Equatable {
    public var kind: ErrorKind
    public var message: String

    public init(_ message: String, kind: ErrorKind = .unavailable) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func notAMigrateStore(_ path: String) -> StoreError {
        StoreError("\(path) is not a migrate store (it is a SQLite database with other tables); use another store path")
    }
    static func notSQLite(_ path: String, _ detail: String) -> StoreError {
        StoreError("\(path) is not a SQLite database: \(detail)")
    }
    static func newerSchema(_ path: String, _ unknown: [String]) -> StoreError {
        StoreError("\(path) was written by a newer migrate (schema \(unknown.joined(separator: ", "))); upgrade migrate to use it")
    }
}
