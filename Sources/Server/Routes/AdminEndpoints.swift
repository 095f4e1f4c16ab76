import Application
import Engine
import Foundation
import Hummingbird
import Playbook

struct CohortBody: Decodable {
    var name: String
    /// The playbook's YAML text.
    var playbook: String
    /// `ATTR=V1,V2` conditions, all of which a charger must match.
    var `where`: [String]?
    var all: Bool?
    var reason: String?
}

struct TokenBody: Decodable {
    var person: String
    var role: String
    var approves: [String]?
    /// `30d`, `12h`: how long the token is valid (absent: until revoked).
    var expires: String?
}

struct ReleaseBody: Decodable {
    var segment: String
    var reason: String
}

extension APIEndpoints {
    /// Cohorts, segments and tokens: the admin's.
    var administration: [Endpoint] {
        [
            Endpoint(.post, "/api/cohorts", .requires(.administer)) { request, context in
                let c = try context.requireCaller()
                let body = try await JSONBody.decode(CohortBody.self, from: request, limit: context.maxUploadSize)
                let conditions = body.where ?? []
                guard (body.all == true) != !conditions.isEmpty else {
                    throw MigrateError.invalid("say which chargers: \"where\": [\"ATTR=V1,V2\", ...] or \"all\": true (not both)")
                }
                let selector = body.all == true ? CohortSelector.all : CohortSelector(conditions: try conditions.map(CohortSelector.condition(parsing:)))
                let created = try await c.service.createCohort(body.name, playbook: PlaybookSource(text: body.playbook, file: "\(body.name).yaml"),
                                                               selector: selector, reason: body.reason, as: c.invocation)
                return try JSONBody.response(CohortStatusView(created.snapshot, report: nil), status: .created)
            },
            Endpoint(.post, "/api/cohorts/{cohort}/segments/release", .requires(.operate)) { request, context in
                let c = try context.requireCaller()
                let body = try await JSONBody.decode(ReleaseBody.self, from: request)
                let segment = try SegmentName(parsing: body.segment)
                let result = try await c.service.release(try context.parameter("cohort"), attribute: segment.attribute, value: segment.value,
                                                         reason: body.reason, as: c.invocation)
                if let refusal = result.refusal { throw RefusedTransition(refusal: refusal, view: TransitionView(result)) }
                return try JSONBody.response(TransitionView(result))
            },
            Endpoint(.get, "/api/tokens", .requires(.administer)) { _, context in
                try JSONBody.response(try context.requireCaller().service.tokens().map { TokenView($0) })
            },
            Endpoint(.post, "/api/tokens", .requires(.administer)) { request, context in
                let c = try context.requireCaller()
                let body = try await JSONBody.decode(TokenBody.self, from: request)
                let validity = try body.expires.map { text in
                    guard let d = PlaybookDuration(parsing: text) else { throw MigrateError.invalid("expires '\(text)' is not a duration such as 30d or 12h") }
                    return d
                }
                let issued = try c.service.createToken(person: body.person, role: body.role, approves: body.approves ?? [], validFor: validity, as: c.invocation)
                return try JSONBody.response(TokenView(issued.token, secret: issued.secret), status: .created)
            },
            Endpoint(.delete, "/api/tokens/{id}", .requires(.administer)) { _, context in
                let c = try context.requireCaller()
                return try JSONBody.response(TokenView(try c.service.revokeToken(try context.parameter("id"), caller: c.principal.tokenID, as: c.invocation)))
            },
        ]
    }
}
