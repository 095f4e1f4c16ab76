import Engine
import Foundation
import Playbook

/// `pause`/`rollback --dry-run` as the API reads it: every step with its effect; nothing changed.
public struct PlanPreviewView: Encodable, Sendable {
    public var kind: String
    public var cohort: String
    public var status: String
    public var phase: String
    public var carriesOn: String?
    public var firstStep: Int
    public var steps: [Step]
    public var chargers: Int
    public var from: String
    public var routedBackAtEnd: [String]

    public struct Step: Encodable, Sendable {
        public var index: Int
        public var description: String
        /// `route`, `reach`, `await-confirmation` or `wait`.
        public var effect: String
        public var backend: String?
        public var chargers: [String]?
        public var detail: String?
    }

    public init(_ p: PlanPreview) {
        kind = p.kind.rawValue
        cohort = p.cohort
        status = p.status.rawValue
        phase = p.phase
        carriesOn = p.carriesOn?.id
        firstStep = p.firstStep
        chargers = p.chargers
        from = p.from
        routedBackAtEnd = p.routedBackAtEnd
        steps = p.steps.map { s in
            switch s.effect {
            case let .route(backend, moving):
                Step(s.index, s.description, effect: "route", backend: backend, chargers: moving, detail: nil)
            case let .reach(text): Step(s.index, s.description, effect: "reach", detail: text)
            case .awaitConfirmation: Step(s.index, s.description, effect: "await-confirmation")
            case let .wait(d): Step(s.index, s.description, effect: "wait", detail: d.description)
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind, cohort, status, phase, steps, chargers, from
        case carriesOn = "carries_on", firstStep = "first_step", routedBackAtEnd = "routed_back_at_end"
    }
}

extension PlanPreviewView.Step {
    init(_ index: Int, _ description: String, effect: String, backend: String? = nil, chargers: [String]? = nil, detail: String? = nil) {
        self.init(index: index, description: description, effect: effect, backend: backend, chargers: chargers, detail: detail)
    }
}


/// What `verify` found, as the API reads it.
public struct VerifyView: Encodable, Sendable {
    public var ok: Bool
    public var entries: Int
    public var lastHash: String?
    public var problem: String?
    public var problemSeq: Int64?

    public init(_ r: VerifyReport) {
        ok = r.ok; entries = r.entries; lastHash = r.lastHash; problem = r.problem; problemSeq = r.problemSeq
    }

    enum CodingKeys: String, CodingKey { case ok, entries, problem, lastHash = "last_hash", problemSeq = "problem_seq" }
}

/// A token as listings show it: never the secret, nor its hash.
public struct TokenView: Encodable, Sendable {
    public var id: String
    public var person: String
    public var role: String
    public var approves: [String]
    public var createdAt: Date
    public var createdBy: String
    public var expiresAt: Date?
    public var revokedAt: Date?
    /// The secret, only in the answer that created the token.
    public var token: String?

    public init(_ t: TokenRecord, secret: String? = nil) {
        id = t.id; person = t.person; role = t.role.rawValue; approves = t.approves; createdAt = t.createdAt
        createdBy = t.createdBy; expiresAt = t.expiresAt; revokedAt = t.revokedAt; token = secret
    }

    enum CodingKeys: String, CodingKey {
        case id, person, role, approves, token
        case createdAt = "created_at", createdBy = "created_by", expiresAt = "expires_at", revokedAt = "revoked_at"
    }
}
