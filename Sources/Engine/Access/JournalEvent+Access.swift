import Foundation

extension JournalEvent {
    /// `token-created`: a bearer token for a person; the payload holds its SHA-256, never the secret.
    public struct TokenCreated: Sendable, Equatable, Codable {
        public var id: String
        public var person: String
        public var role: Role
        public var approves: [String]
        public var expiresAt: Date?
        public var hash: String
        public init(id: String, person: String, role: Role, approves: [String], expiresAt: Date?, hash: String) {
            self.id = id; self.person = person; self.role = role; self.approves = approves; self.expiresAt = expiresAt; self.hash = hash
        }
        enum CodingKeys: String, CodingKey { case id, person, role, approves, hash, expiresAt = "expires_at" }
    }

    /// `token-revoked`: the token no longer authenticates.
    public struct TokenRevoked: Sendable, Equatable, Codable {
        public var id: String
        public var person: String
        public init(id: String, person: String) { self.id = id; self.person = person }
    }

    /// `access-denied`: a person's token lacked the role for a write (the entry's actor is who tried).
    public struct AccessDenied: Sendable, Equatable, Codable {
        /// What was asked, e.g. `POST /cohorts/north/advance`.
        public var request: String
        public var role: Role
        /// What the request needed, in words.
        public var required: String
        public var token: String
        /// Refusals of the same person and route before this one that were not journaled (at most one entry per
        /// person and route a minute; the server counts the rest); nil when none.
        public var repeated: Int?
        public init(request: String, role: Role, required: String, token: String, repeated: Int? = nil) {
            self.request = request; self.role = role; self.required = required; self.token = token; self.repeated = repeated
        }
    }
}
