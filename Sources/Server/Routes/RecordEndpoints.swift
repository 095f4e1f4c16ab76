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
                let text = try Upload.text(try await JSONBody.bytes(of: request, limit: context.maxUploadSize), name: Upload.source(name))
                let records = try IssueImport.parse(text, format: format, file: Upload.source(name), now: c.invocation.now, actor: c.invocation.actor,
                                                    defaultSeverity: nil)
                let r = try c.service.importIssues(records, file: Upload.source(name), as: c.invocation)
                return try JSONBody.response(IssueImportView(opened: r.opened, updated: r.updated, unchanged: r.unchanged, unknownCohorts: r.unknownCohorts))
            },
            Endpoint(.post, "/api/metrics/import", .requires(.operate)) { request, context in
                try JSONBody.response(try await Upload.imported(request, context, default: "samples.csv") { c, path, name, skipUnknown in
                    try c.service.importMetrics(path: path, name: name, skipUnknown: skipUnknown, as: c.invocation)
                })
            },
            Endpoint(.post, "/api/ocpp/import", .requires(.operate)) { request, context in
                try JSONBody.response(OCPPImportView(try await Upload.imported(request, context, default: "frames.jsonl") { c, path, name, skipUnknown in
                    try c.service.importOCPPLog(path: path, name: name, skipUnknown: skipUnknown, as: c.invocation)
                }))
            },
            Endpoint(.post, "/api/fleet/import", .requires(.administer)) { request, context in
                let c = try context.requireCaller()
                let name = Upload.source(Upload.name(request, default: "fleet.csv"))
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

/// What `POST /api/ocpp/import` did: the report as `migrate ocpp import --json` prints it (nil when the log had no
/// complete line yet: nothing imported, nothing journaled), and the log's warnings (`upload:NAME:LINE: warning: ...`).
struct OCPPImportView: Encodable {
    var file: String
    var imported: MetricsImportReport?
    var warnings: [String]

    init(_ r: OCPPImportReport) {
        file = r.file
        imported = r.imported
        warnings = r.warnings.map(\.description)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(imported, forKey: .imported)
        try c.encode(warnings, forKey: .warnings)
    }

    enum CodingKeys: String, CodingKey { case file, imported, warnings }
}
