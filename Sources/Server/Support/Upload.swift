import Application
import Engine
import Foundation
import Hummingbird

/// Uploads: the request body is the file; `?name=` names it in the journal and in messages.
enum Upload {
    /// What the journal and messages call an upload named `name`: `upload:NAME`, never the temporary path it is read from.
    static func source(_ name: String) -> String { "upload:" + name }

    /// `?skip_unknown=true`: drop samples of chargers not in the fleet (counted and journaled) instead of refusing.
    static func skipUnknown(_ request: Request) -> Bool { request.uri.queryParameters.get("skip_unknown") == "true" }

    /// The upload's name (its last path component only, without control characters), or `fallback`.
    static func name(_ request: Request, default fallback: String) -> String {
        guard let given = request.uri.queryParameters.get("name") else { return fallback }
        let base = given.split(separator: "/").last.map(String.init) ?? ""
        let clean = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\\" }.prefix(100))
        return clean.isEmpty || clean == "." || clean == ".." ? fallback : clean
    }

    static func format<F: RawRepresentable>(_ request: Request, _: F.Type) throws -> F? where F.RawValue == String {
        guard let text = request.uri.queryParameters.get("format") else { return nil }
        guard let format = F(rawValue: text) else { throw MigrateError.invalid("format '\(text)' is not known") }
        return format
    }

    static func text(_ bytes: [UInt8], name: String) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw MigrateError.invalid("\(name) is not UTF-8 text", subject: .file(name)) }
        return text
    }

    /// An upload imported from a file (metrics, OCPP frame logs): the caller, the body written to a private temporary
    /// file as `?name=` (or `fallback`), imported by `body` under `upload:NAME` with `?skip_unknown=`, then removed.
    static func imported<T>(_ request: Request, _ context: ServerContext, default fallback: String,
                            _ body: (Caller, _ path: String, _ source: String, _ skipUnknown: Bool) throws -> T) async throws -> T {
        let caller = try context.requireCaller()
        let name = Self.name(request, default: fallback)
        let bytes = try await JSONBody.bytes(of: request, limit: context.maxUploadSize)
        return try asFile(bytes, name: name) { path in try body(caller, path, source(name), skipUnknown(request)) }
    }

    /// Writes the upload to a private temporary directory as `name`, runs `body` on its path, and removes it.
    static func asFile<T>(_ bytes: [UInt8], name: String, _ body: (String) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return try body(file.path)
    }
}
