import Engine
import Foundation
import PostgresNIO
import Store

/// What `migrate serve` needs of the store: its tokens, the evaluator's lease and the alert states. A lease is a
/// row with an expiry, taken in a transaction that locks it (`SELECT ... FOR UPDATE`, or the insert's conflict), so
/// that servers on several machines sharing this database elect one evaluator.
extension PostgresStore: ServiceStoring {
    static let tokenColumns = "id, person, role, approves, created_at, created_by, expires_at, revoked_at, hash"

    public func token(hash: String) throws -> TokenRecord? {
        try session.run { c in
            try await c.rows(PostgresQuery(stringLiteral: "SELECT \(Self.tokenColumns) FROM tokens WHERE hash = $1").binding(hash), c.logger)
                .first.map(Self.token(from:))
        }
    }

    public func tokens() throws -> [TokenRecord] {
        try session.run { c in try await Self.allTokens(c) }
    }

    public func acquireLease(_ name: String, holder: String, now: Date, ttl: TimeInterval) throws -> Bool {
        let at = now.timeIntervalSince1970
        return try session.run { c in
            try await c.transaction(c.logger) {
                try await c.exec("INSERT INTO leases (name, holder, expires_at) VALUES (\(name), '', 0) ON CONFLICT DO NOTHING", c.logger)
                let row = try await c.rows("SELECT holder, expires_at FROM leases WHERE name = \(name) FOR UPDATE", c.logger).first
                let (current, expires) = try row?.decode((String, Double).self) ?? ("", 0)
                guard current.isEmpty || current == holder || expires <= at else { return false }
                try await c.exec("UPDATE leases SET holder = \(holder), expires_at = \(at + ttl) WHERE name = \(name)", c.logger)
                return true
            }
        }
    }

    public func releaseLease(_ name: String, holder: String) throws {
        try session.run { c in try await c.exec("DELETE FROM leases WHERE name = \(name) AND holder = \(holder)", c.logger) }
    }

    public func swapAlertState(_ key: String, to state: String, at: Date) throws -> String? {
        let time = ISOTime.format(at)
        return try session.run { c in
            try await c.transaction(c.logger) {
                try await c.exec("SELECT pg_advisory_xact_lock(\(Self.alertLock))", c.logger)
                let previous = try await c.scalar("SELECT state FROM alert_states WHERE key = \(key)", as: String.self, c.logger)
                if previous != state {
                    try await c.exec("""
                        INSERT INTO alert_states (key, state, at) VALUES (\(key), \(state), \(time))
                        ON CONFLICT (key) DO UPDATE SET state = excluded.state, at = excluded.at
                        """, c.logger)
                }
                return previous
            }
        }
    }

    /// Key of the lock that makes an alert state's read-and-swap one step across servers.
    static let alertLock: Int64 = 0x4D47_5254_0000_0003

    static func allTokens(_ c: PostgresConnection) async throws -> [TokenRecord] {
        try await c.rows(PostgresQuery(stringLiteral: "SELECT \(tokenColumns) FROM tokens ORDER BY created_at, id"), c.logger).map(token(from:))
    }

    static func token(from row: PostgresRow) throws -> TokenRecord {
        let (id, person, roleText, approvesText, created, createdBy, expires, revoked, hash) =
            try row.decode((String, String, String, String, String, String, String?, String?, String).self)
        let approves = try JSONDecoder().decode([String].self, from: Data(approvesText.utf8))
        guard let role = Role(rawValue: roleText), let createdAt = ISOTime.parse(created) else {
            throw StoreError("token \(id) has an unreadable row")
        }
        return TokenRecord(id: id, person: person, role: role, approves: approves, createdAt: createdAt, createdBy: createdBy,
                           expiresAt: expires.flatMap(ISOTime.parse), revokedAt: revoked.flatMap(ISOTime.parse), hash: hash)
    }
}
