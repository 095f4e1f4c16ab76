import Foundation

/// A bearer token as the store keeps it: who it stands for and what it may do; only the SHA-256 of its secret.
public struct TokenRecord: Sendable, Equatable, Codable {
    /// The public id (`tok-…`), shown in listings and used to revoke it; not a secret.
    public var id: String
    public var person: String
    public var role: Role
    /// Approval roles the token may approve in (`--approves`).
    public var approves: [String]
    public var createdAt: Date
    public var createdBy: String
    public var expiresAt: Date?
    public var revokedAt: Date?
    /// SHA-256 of the secret, hex.
    public var hash: String

    public init(id: String, person: String, role: Role, approves: [String], createdAt: Date, createdBy: String,
                expiresAt: Date?, revokedAt: Date? = nil, hash: String) {
        self.id = id; self.person = person; self.role = role; self.approves = approves; self.createdAt = createdAt
        self.createdBy = createdBy; self.expiresAt = expiresAt; self.revokedAt = revokedAt; self.hash = hash
    }

    /// Whether the token authenticates at `now`: not revoked and not expired.
    public func isValid(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }

    enum CodingKeys: String, CodingKey {
        case id, person, role, approves, hash
        case createdAt = "created_at", createdBy = "created_by", expiresAt = "expires_at", revokedAt = "revoked_at"
    }
}

extension TokenRecord {
    /// The token a `token-created` entry records.
    public init(_ p: JournalEvent.TokenCreated, entry: JournalEntry) {
        self.init(id: p.id, person: p.person, role: p.role, approves: p.approves, createdAt: entry.at, createdBy: entry.actor,
                  expiresAt: p.expiresAt, hash: p.hash)
    }
}
