import Foundation
internal import GRDB
import Engine

extension Projector {
    /// `token-created` inserts the token's row; `token-revoked` marks it revoked.
    static func applyToken(_ entry: JournalEntry, _ db: Database) throws {
        switch entry.event {
        case let .tokenCreated(p):
            try db.execute(sql: """
                INSERT INTO tokens (id, person, role, approves, created_at, created_by, expires_at, revoked_at, hash, seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)
                """, arguments: [p.id, p.person, p.role.rawValue, try encode(p.approves), ISOTime.format(entry.at), entry.actor,
                                 p.expiresAt.map(ISOTime.format), p.hash, entry.seq])
        case let .tokenRevoked(p):
            try db.execute(sql: "UPDATE tokens SET revoked_at = ? WHERE id = ?", arguments: [ISOTime.format(entry.at), p.id])
            if db.changesCount == 0 { throw ProjectionError(seq: entry.seq, message: "revokes token \(p.id), which does not exist") }
        default:
            break
        }
    }
}
