/// Why the store cannot do what was asked. Rendered for people by the command.
public struct StoreError: Error, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    static func notAMigrateStore(_ path: String) -> StoreError {
        StoreError("\(path) is not a migrate store (it is a SQLite database with other tables); use another --db path")
    }
    static func notSQLite(_ path: String, _ detail: String) -> StoreError {
        StoreError("\(path) is not a SQLite database: \(detail)")
    }
    static func newerSchema(_ path: String, _ unknown: [String]) -> StoreError {
        StoreError("\(path) was written by a newer migrate (schema \(unknown.joined(separator: ", "))); upgrade migrate to use it")
    }
}
