import Application
import Engine
import Foundation
import Hummingbird
import Playbook

/// Bodies of the state-machine commands (every field optional unless the command line requires it).
struct ReasonBody: Decodable {
    var reason: String?
    var note: String?
    var expectPhase: String?
    var dryRun: Bool?
    enum CodingKeys: String, CodingKey { case reason, note, expectPhase = "expect_phase", dryRun = "dry_run" }

    func requireReason() throws -> String {
        guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw MigrateError.invalid("the request body needs a reason: {\"reason\": \"...\"}")
        }
        return reason
    }
}

struct ApproveBody: Decodable {
    var role: String
    var note: String?
}

extension APIEndpoints {
    /// The state-machine commands an operator runs, and approvals.
    var transitions: [Endpoint] {
        [
            transition("advance") { c, cohort, body in
                if body.dryRun == true {
                    return .preview(try JSONBody.response(AdvancePreviewView(try await c.service.previewAdvance(cohort, expectPhase: body.expectPhase, as: c.invocation))))
                }
                return .done(try await c.service.advance(cohort, reason: body.reason, expectPhase: body.expectPhase, as: c.invocation))
            },
            transition("pause") { c, cohort, body in
                if body.dryRun == true {
                    return .preview(try JSONBody.response(PlanPreviewView(try c.service.preview(.pause, of: cohort, reason: body.requireReason(), as: c.invocation))))
                }
                return .done(try await c.service.pause(cohort, reason: body.requireReason(), as: c.invocation))
            },
            transition("resume") { c, cohort, body in .done(try await c.service.resume(cohort, reason: body.reason, as: c.invocation)) },
            transition("rollback") { c, cohort, body in
                if body.dryRun == true {
                    return .preview(try JSONBody.response(PlanPreviewView(try c.service.preview(.rollback, of: cohort, reason: body.requireReason(), as: c.invocation))))
                }
                return .done(try await c.service.rollback(cohort, reason: body.requireReason(), as: c.invocation))
            },
            transition("confirm") { c, cohort, body in .done(try await c.service.confirm(cohort, note: body.note, as: c.invocation)) },
            transition("restart") { c, cohort, body in .done(try await c.service.restart(cohort, reason: body.requireReason(), as: c.invocation)) },
            transition("evaluate") { c, cohort, _ in .done(try await c.service.evaluate(cohort, as: c.invocation)) },
            Endpoint(.post, "/api/evaluate", .requires(.operate)) { _, context in
                let c = try context.requireCaller()
                let results = try await c.service.evaluate(cohorts: nil, as: c.invocation)
                return try JSONBody.response(results.map(EvaluationView.init))
            },
            Endpoint(.post, "/api/cohorts/{cohort}/approve", .authenticated) { request, context in
                let c = try context.requireCaller()
                let body = try await JSONBody.decode(ApproveBody.self, from: request)
                try c.require(.approve(body.role))
                let entry = try c.service.approve(try context.parameter("cohort"), role: body.role, note: body.note, as: c.invocation)
                return try JSONBody.response(ApprovedView(seq: entry.seq, cohort: entry.cohort ?? "", role: body.role, actor: entry.actor,
                                                          what: entry.event.summary))
            },
        ]
    }

    enum TransitionAnswer {
        case done(TransitionResult)
        case preview(Response)
    }

    /// `POST /api/cohorts/{cohort}/NAME`: the command through the application; a refusal is a 409 problem carrying
    /// the transition and its evidence; a plan step that failed is said in the transition's `plan`.
    func transition(_ name: String, _ run: @escaping @Sendable (Caller, String, ReasonBody) async throws -> TransitionAnswer) -> Endpoint {
        Endpoint(.post, "/api/cohorts/{cohort}/\(name)", .requires(.operate)) { request, context in
            let c = try context.requireCaller()
            let body = try await JSONBody.decode(ReasonBody.self, from: request)
            switch try await run(c, try context.parameter("cohort"), body) {
            case let .preview(response):
                return response
            case let .done(result):
                if let refusal = result.refusal { throw RefusedTransition(refusal: refusal, view: TransitionView(result)) }
                return try JSONBody.response(TransitionView(result))
            }
        }
    }
}

struct ApprovedView: Encodable {
    var seq: Int64
    var cohort: String
    var role: String
    var actor: String
    var what: String
}

/// One cohort's outcome in an automation pass.
struct EvaluationView: Encodable {
    var cohort: String
    var transition: TransitionView?
    var error: String?

    init(_ r: EvaluationResult) {
        cohort = r.cohort
        transition = r.transition.map(TransitionView.init)
        error = r.error.map { ($0 as? any KindedError)?.description ?? "\($0)" }
    }
}
