import Foundation
internal import GRDB
import Engine

extension MigrateStore: ServiceStoring {
    public func token(hash: String) throws -> TokenRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM tokens WHERE hash = ?", arguments: [hash]).map(Self.token(from:))
        }
    }

    public func tokens() throws -> [TokenRecord] {
        try pool.read { db in try Array(Self.allTokens(db).values).sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) } }
    }

    public func acquireLease(_ name: String, holder: String, now: Date, ttl: TimeInterval) throws -> Bool {
        try requireWritable()
        return try pool.writeWithoutTransaction { db in
            var granted = false
            try db.inTransaction(.immediate) {
                let row = try Row.fetchOne(db, sql: "SELECT holder, expires_at FROM leases WHERE name = ?", arguments: [name])
                let current: String? = row?["holder"]
                let expires: Double = row?["expires_at"] ?? 0
                if current == nil || current == holder || expires <= now.timeIntervalSince1970 {
                    try db.execute(sql: "INSERT OR REPLACE INTO leases (name, holder, expires_at) VALUES (?, ?, ?)",
                                   arguments: [name, holder, now.timeIntervalSince1970 + ttl])
                    granted = true
                }
                return .commit
            }
            return granted
        }
    }

    public func releaseLease(_ name: String, holder: String) throws {
        try requireWritable()
        try pool.write { db in try db.execute(sql: "DELETE FROM leases WHERE name = ? AND holder = ?", arguments: [name, holder]) }
    }

    public func swapAlertState(_ key: String, to state: String, at: Date) throws -> String? {
        try requireWritable()
        return try pool.writeWithoutTransaction { db in
            var previous: String?
            try db.inTransaction(.immediate) {
                previous = try String.fetchOne(db, sql: "SELECT state FROM alert_states WHERE key = ?", arguments: [key])
                if previous != state {
                    try db.execute(sql: "INSERT OR REPLACE INTO alert_states (key, state, at) VALUES (?, ?, ?)",
                                   arguments: [key, state, ISOTime.format(at)])
                }
                return .commit
            }
            return previous
        }
    }

    /// Every token by id, as the table holds it (for `verify`).
    static func allTokens(_ db: Database) throws -> [String: TokenRecord] {
        var result: [String: TokenRecord] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM tokens") {
            let t = try token(from: row)
            result[t.id] = t
        }
        return result
    }

    static func token(from row: Row) throws -> TokenRecord {
        let approves = try JSONDecoder().decode([String].self, from: Data((row["approves"] as String).utf8))
        let id: String = row["id"]
        guard let role = Role(rawValue: row["role"]), let created = ISOTime.parse(row["created_at"]) else {
            throw StoreError("token \(id) has an unreadable row")
        }
        return TokenRecord(id: id, person: row["person"], role: role, approves: approves, createdAt: created, createdBy: row["created_by"],
                           expiresAt: (row["expires_at"] as String?).flatMap(ISOTime.parse), revokedAt: (row["revoked_at"] as String?).flatMap(ISOTime.parse),
                           hash: row["hash"])
    }
}
