import Engine
import Foundation
import Proxy
import Yams

/// The proxy's backends file: credentials and trust roots per backend (the URLs come from the routing
/// table).
///
/// ```yaml
/// backends:
///   legacy:
///     credentials: pass-through      # the charger's own Basic credentials (the default)
///   target:
///     ca: /etc/migrate/target-ca.pem  # trust roots for wss://
///     credentials:
///       passwords: target-passwords.csv   # charger,password per line; user name = charger id
///   lab:
///     credentials: none               # or { password: "..." } for every charger
/// ```
enum BackendsFile {
    static func load(_ path: String) throws -> [String: BackendSettings] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw MigrateError.invalid("--backends \(path): cannot read it (\(error.localizedDescription))")
        }
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch {
            throw MigrateError.invalid("--backends \(path): not YAML: \(error)")
        }
        guard let top = root as? [String: Any], Set(top.keys) == ["backends"], let backends = top["backends"] as? [String: Any] else {
            throw MigrateError.invalid("--backends \(path): expected a top-level `backends:` map of backend name to settings")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        var result: [String: BackendSettings] = [:]
        for (name, value) in backends {
            let here = "--backends \(path): backend \(name)"
            guard let map = (value as? [String: Any]) ?? (isNull(value) ? [:] : nil) else {
                throw MigrateError.invalid("\(here): expected a map with `credentials` and/or `ca`")
            }
            if let unknown = map.keys.first(where: { $0 != "credentials" && $0 != "ca" }) {
                throw MigrateError.invalid("\(here): unknown key '\(unknown)' (known: credentials, ca)")
            }
            var settings = BackendSettings()
            if let ca = map["ca"] {
                guard let ca = ca as? String else { throw MigrateError.invalid("\(here): `ca` must be a file path") }
                settings.caFile = resolve(ca, against: directory)
            }
            if let credentials = map["credentials"] { settings.credentials = try parseCredentials(credentials, here, directory) }
            result[name] = settings
        }
        return result
    }

    static func parseCredentials(_ value: Any, _ here: String, _ directory: URL) throws -> BackendSettings.Credentials {
        if let word = value as? String {
            switch word {
            case "pass-through": return .passThrough
            case "none": return .none
            default: throw MigrateError.invalid("\(here): credentials '\(word)' is not pass-through, none, {password: ...} or {passwords: FILE}")
            }
        }
        guard let map = value as? [String: Any], map.count == 1 else {
            throw MigrateError.invalid("\(here): credentials must be pass-through, none, {password: ...} or {passwords: FILE}")
        }
        if let password = map["password"] {
            guard let password = password as? String, !password.isEmpty else { throw MigrateError.invalid("\(here): `password` must be a non-empty string") }
            return .password(password)
        }
        if let file = map["passwords"] as? String {
            return .passwords(try passwords(resolve(file, against: directory), here))
        }
        throw MigrateError.invalid("\(here): credentials must be pass-through, none, {password: ...} or {passwords: FILE}")
    }

    /// `charger,password` lines (a header line `charger,password` is allowed); the charger id may not
    /// hold a comma, the password may.
    static func passwords(_ path: String, _ here: String) throws -> [String: String] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw MigrateError.invalid("\(here): cannot read the passwords file \(path)")
        }
        var table: [String: String] = [:]
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || (index == 0 && line == "charger,password") { continue }
            guard let comma = line.firstIndex(of: ","), comma != line.startIndex, line.index(after: comma) != line.endIndex else {
                throw MigrateError.invalid("\(path):\(index + 1): expected charger,password")
            }
            let charger = String(line[..<comma])
            guard table[charger] == nil else { throw MigrateError.invalid("\(path):\(index + 1): charger \(charger) appears twice") }
            table[charger] = String(line[line.index(after: comma)...])
        }
        return table
    }

    /// YAML `null` (or an empty value) as Yams hands it over.
    static func isNull(_ value: Any) -> Bool {
        if value is NSNull { return true }
        let mirror = Mirror(reflecting: value)
        return mirror.displayStyle == .optional && mirror.children.isEmpty
    }

    static func resolve(_ path: String, against directory: URL) -> String {
        path.hasPrefix("/") ? path : directory.appendingPathComponent(path).path
    }
}
