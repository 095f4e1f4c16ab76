import Application
import Engine
import Foundation
import Hummingbird
import Report

extension APIEndpoints {
    /// Everything a viewer may read, shaped like the command line's `--json`.
    var reads: [Endpoint] {
        [
            Endpoint(.get, "/api/status", .requires(.read)) { _, context in
                let c = try context.requireCaller()
                return try JSONBody.response(try await c.service.statuses(as: c.invocation))
            },
            Endpoint(.get, "/api/cohorts/{cohort}", .requires(.read)) { _, context in
                let c = try context.requireCaller()
                return try JSONBody.response(try await c.service.status(of: try context.parameter("cohort"), as: c.invocation))
            },
            Endpoint(.get, "/api/cohorts/{cohort}/gates", .requires(.read)) { _, context in
                let c = try context.requireCaller()
                return try JSONBody.response(GateReportView(try await c.service.gates(of: try context.parameter("cohort"), as: c.invocation)))
            },
            Endpoint(.get, "/api/cohorts/{cohort}/history", .requires(.read)) { _, context in
                let c = try context.requireCaller()
                let cohort = try context.parameter("cohort")
                guard try c.service.cohorts().contains(where: { $0.name == cohort }) else {
                    throw MigrateError.unknownCohort(cohort, known: try c.service.cohorts().map(\.name))
                }
                return JSONBody.raw(ByteBuffer(string: try HistoryView.json(try c.service.history(of: cohort))))
            },
            Endpoint(.get, "/api/history", .requires(.read)) { _, context in
                let c = try context.requireCaller()
                return JSONBody.raw(ByteBuffer(string: try HistoryView.json(try c.service.history(of: nil))))
            },
            Endpoint(.get, "/api/cohorts/{cohort}/segments", .requires(.read)) { _, context in
                let c = try context.requireCaller()
                let segments = try c.service.segments(of: try context.parameter("cohort"))
                return try JSONBody.response(SegmentsView(quarantined: segments.quarantines.map(QuarantineView.init),
                                                          heldBack: segments.held.map(HeldView.init)))
            },
            Endpoint(.get, "/api/cohorts/{cohort}/report", .requires(.read)) { request, context in
                let c = try context.requireCaller()
                let format = request.uri.queryParameters.get("format") ?? "md"
                guard format == "md" || format == "html" else { throw MigrateError.invalid("format '\(format)' is not md or html") }
                let report = try await c.service.report(of: try context.parameter("cohort"), as: c.invocation)
                return format == "html"
                    ? JSONBody.raw(ByteBuffer(string: HTMLRenderer.render(report)), contentType: "text/html; charset=utf-8")
                    : JSONBody.raw(ByteBuffer(string: MarkdownRenderer.render(report)), contentType: "text/markdown; charset=utf-8")
            },
            Endpoint(.get, "/api/verify", .requires(.read)) { _, context in
                let c = try context.requireCaller()
                return try JSONBody.response(VerifyView(try c.service.verify()))
            },
            Endpoint(.get, "/api/routes", .requires(.read)) { request, context in
                let c = try context.requireCaller()
                let cohort = request.uri.queryParameters.get("cohort")
                return try JSONBody.response(try c.service.routes(of: cohort))
            },
            Endpoint(.get, "/api/fleet", .requires(.read)) { _, context in
                try JSONBody.response(try context.requireCaller().service.fleet())
            },
            Endpoint(.get, "/api/issues", .requires(.read)) { request, context in
                let open = request.uri.queryParameters.get("open") == "true"
                return try JSONBody.response(try context.requireCaller().service.issues(openOnly: open))
            },
            Endpoint(.get, "/api/watch", .requires(.read)) { [server = self.server] _, context in
                _ = try context.requireCaller()
                return try JSONBody.response(WatchView(server))
            },
            Endpoint(.get, "/api/me", .authenticated) { _, context in
                let p = try context.requireCaller().principal
                return try JSONBody.response(Me(person: p.person, role: p.role.rawValue, approves: p.approves, token: p.tokenID))
            },
        ]
    }
}

struct SegmentsView: Encodable {
    var quarantined: [QuarantineView]
    var heldBack: [HeldView]
    enum CodingKeys: String, CodingKey { case quarantined, heldBack = "held_back" }
}

struct Me: Encodable {
    var person: String
    var role: String
    var approves: [String]
    var token: String
}

/// `GET /api/watch`: the watch loop's interval (nil: off), this server's passes by outcome, what the last pass did,
/// and the last pass that changed something.
struct WatchView: Encodable {
    var everySeconds: Double?
    var passes: [String: Int]
    var lastPass: WatchPassView?
    var lastChange: WatchPassView?

    init(_ server: ServerApplication) {
        everySeconds = server.configuration.evaluateEvery.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
        let snapshot = server.counters.snapshot
        passes = Dictionary(uniqueKeysWithValues: ["evaluated", "standby", "failed"].map { ($0, snapshot.passes["outcome=\"\($0)\""] ?? 0) })
        lastPass = server.counters.lastWatchPass
        lastChange = server.counters.lastWatchChange
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(everySeconds, forKey: .everySeconds)
        try c.encode(passes, forKey: .passes)
        try c.encode(lastPass, forKey: .lastPass)
        try c.encode(lastChange, forKey: .lastChange)
    }

    enum CodingKeys: String, CodingKey { case everySeconds = "every_seconds", passes, lastPass = "last_pass", lastChange = "last_change" }
}
