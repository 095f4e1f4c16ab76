import Engine
import Foundation
import Store

/// Where a PostgreSQL store is: `postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=...&passfile=...]`.
///
/// The password comes from the URL, else `PGPASSWORD`, else a password file (`passfile=`, `PGPASSFILE`, or
/// `~/.pgpass`, in libpq's format `host:port:db:user:password`). `sslmode` is `disable`, `prefer` (the default:
/// TLS when the server offers it), `require` (TLS, the certificate not checked, as libpq) or `verify-full`.
public struct PostgresURL: Sendable, Equatable {
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode

    /// True when `text` names a PostgreSQL store rather than a SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `text`; `environment` supplies `PGPASSWORD`, `PGPASSFILE` and `HOME`.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func bad(_ why: String) -> StoreError {
            StoreError("the store URL \(Self.redacted(text)) \(why); give postgres://USER@HOST:PORT/DATABASE", kind: .invalidInput)
        }
        guard Self.isPostgres(text), let components = URLComponents(string: text) else { throw bad("is not a URL") }
        guard let host = components.host, !host.isEmpty else { throw bad("names no host") }
        guard let user = components.user, !user.isEmpty else { throw bad("names no user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw bad("names no database") }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.database = database.removingPercentEncoding ?? database
        var mode = SSLMode.prefer
        var passfile = environment["PGPASSFILE"]
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let m = SSLMode(rawValue: value) else {
                    throw bad("has sslmode '\(item.value ?? "")' (known: \(SSLMode.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                mode = m
            case "passfile":
                passfile = item.value
            default:
                throw bad("has the parameter '\(item.name)', which migrate does not know (known: sslmode, passfile)")
            }
        }
        sslMode = mode
        if let p = components.password {
            password = p.removingPercentEncoding ?? p
        } else if let p = environment["PGPASSWORD"], !p.isEmpty {
            password = p
        } else {
            let file = passfile ?? environment["HOME"].map { $0 + "/.pgpass" }
            password = try file.flatMap { try Self.passwordFile($0, host: host, port: port, database: database, user: user, explicit: passfile != nil) }
        }
    }

    /// The URL as it may be shown: without its password.
    public var display: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// `text` with any password replaced by `***`, for messages.
    public static func redacted(_ text: String) -> String {
        guard var c = URLComponents(string: text), c.password != nil else { return text }
        c.password = "***"
        return c.string ?? text
    }

    /// The same server and credentials, another database (the test harness creates one per test).
    public func with(database: String) -> PostgresURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// The first matching line of a libpq password file (`host:port:db:user:password`, `*` matches anything).
    static func passwordFile(_ path: String, host: String, port: Int, database: String, user: String, explicit: Bool) throws -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            if explicit { throw StoreError("the password file \(path) cannot be read", kind: .invalidInput) }
            return nil
        }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = [], field = ""
            var escaped = false
            for ch in line {
                if escaped { field.append(ch); escaped = false } else if ch == "\\" { escaped = true } else if ch == ":" && fields.count < 4 {
                    fields.append(field); field = ""
                } else { field.append(ch) }
            }
            fields.append(field)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }
}
