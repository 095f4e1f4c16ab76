import Application
import Engine
import Foundation
import Gates
import Hummingbird
import Playbook

struct IssueBody: Decodable {
    var title: String
    var severity: Severity
    var scope: IssueScope?
    var cohort: String?
    var id: String?
    var owner: String?
    var url: String?
}

struct NoteBody: Decodable {
    var note: String?
}

extension APIEndpoints {
    /// Issues, and the imports as uploads (the request body is the file).
    var records: [Endpoint] {
        [
            Endpoint(.post, "/api/issues", .requires(.operate)) { request, context in
                let c = try context.requireCaller()
                let body = try await JSONBody.decode(IssueBody.self, from: request)
                guard !body.title.trimmingCharacters(in: .whitespaces).isEmpty else { throw MigrateError.invalid("title must say what is wrong; it is empty") }
                let record = IssueRecord(id: body.id ?? "", title: body.title, severity: body.severity, scope: body.scope, cohort: body.cohort,
                                         owner: body.owner, url: body.url, openedAt: c.invocation.now, openedBy: c.invocation.actor)
                return try JSONBody.response(try c.service.addIssue(record, as: c.invocation), status: .created)
            },
            Endpoint(.post, "/api/issues/{id}/close", .requires(.operate)) { request, context in
                let c = try context.requireCaller()
                let body = try await JSONBody.decode(NoteBody.self, from: request)
                return try JSONBody.response(try c.service.closeIssue(try context.parameter("id"), note: body.note, as: c.invocation))
            },
            Endpoint(.post, "/api/issues/import", .requires(.operate)) { request, context in
                let c = try context.requireCaller()
                let name = Upload.name(request, default: "issues.json")
                let format: IssueImport.Format = try Upload.format(request, IssueImport.Format.self) ?? IssueImport.guessFormat(path: name)
                let text = try Upload.text(try await JSONBody.bytes(of: request, limit: context.maxUploadSize), name: name)
                let records = try IssueImport.parse(text, format: format, file: name, now: c.invocation.now, actor: c.invocation.actor, defaultSeverity: nil)
                let r = try c.service.importIssues(records, file: name, as: c.invocation)
                return try JSONBody.response(IssueImportView(opened: r.opened, updated: r.updated, unchanged: r.unchanged, unknownCohorts: r.unknownCohorts))
            },
            Endpoint(.post, "/api/metrics/import", .requires(.operate)) { request, context in
                let c = try context.requireCaller()
                let name = Upload.name(request, default: "samples.csv")
                let bytes = try await JSONBody.bytes(of: request, limit: context.maxUploadSize)
                let skip = request.uri.queryParameters.get("skip_unknown") == "true"
                let report = try Upload.asFile(bytes, name: name) { path in try c.service.importMetrics(path: path, skipUnknown: skip, as: c.invocation) }
                return try JSONBody.response(report)
            },
            Endpoint(.post, "/api/fleet/import", .requires(.administer)) { request, context in
                let c = try context.requireCaller()
                let name = Upload.name(request, default: "fleet.csv")
                let r = try c.service.importFleet(csv: try await JSONBody.bytes(of: request, limit: context.maxUploadSize), file: name, as: c.invocation)
                return try JSONBody.response(FleetImportView(added: r.added, updated: r.updated, unchanged: r.unchanged, entry: r.entry?.seq, warnings: r.warnings))
            },
        ]
    }
}

struct IssueImportView: Encodable {
    var opened: Int
    var updated: Int
    var unchanged: Int
    var unknownCohorts: [String]
    enum CodingKeys: String, CodingKey { case opened, updated, unchanged, unknownCohorts = "unknown_cohorts" }
}

struct FleetImportView: Encodable {
    var added: Int
    var updated: Int
    var unchanged: Int
    var entry: Int64?
    var warnings: [String]
}

/// Uploads: the request body is the file; `?name=` names it in the journal and in messages.
enum Upload {
    /// The upload's name (its last path component only), or `fallback`.
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
