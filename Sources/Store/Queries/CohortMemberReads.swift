import Engine
import Foundation
internal import GRDB

/// The reads of a cohort's chargers and of a backend's chargers that `gates` and `status` make, by merging tables
/// read in key order instead of seeking one table per row of another.
///
/// `chargers`, `routes` and `cohort_chargers` (by its index on (cohort, charger)) all hold their rows in the order of
/// the charger id's bytes (SQLite's BINARY collation). When a cohort holds a large part of the fleet, reading each
/// table once in that order and walking them side by side costs a step per row, where a join costs a B-tree seek per
/// row in each joined table (10,000 chargers: two scans and a range instead of 20,000 seeks). A small cohort in a
/// large fleet keeps the join, which reads only its rows.
extension MigrateStore {
    /// Below this share of the fleet (members × `mergeShare` < fleet), a cohort's chargers are read by a join.
    static let mergeShare = 4

    /// A cohort's chargers (with their attributes, each distinct text decoded once) in id order, and the backend
    /// of those that have a route: the same as the join of `cohort_chargers`, `chargers` and `routes`.
    static func members(of cohort: String, _ db: Database) throws -> (chargers: [Charger], routes: [String: String]) {
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cohort_chargers WHERE cohort = ?", arguments: [cohort]) ?? 0
        let fleet = count == 0 ? 0 : try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chargers") ?? 0
        var chargers: [Charger] = []
        var routes: [String: String] = [:]
        chargers.reserveCapacity(count)
        routes.reserveCapacity(count)
        // The attributes are decoded from their bytes (no `String` of the whole text unless the memo looks it up)
        // and the backends, a handful, are shared strings.
        var attributes = AttributesMemo()
        var backends = TextCache(size: 64)
        if count * mergeShare < fleet {
            // In the order of cohort_chargers' index (cohort, charger): the chargers come sorted by id, no sort.
            let rows = try RawStatement(db, """
                SELECT c.id, c.attributes, r.backend FROM cohort_chargers m
                JOIN chargers c ON c.id = m.charger LEFT JOIN routes r ON r.charger = m.charger
                WHERE m.cohort = ? ORDER BY m.charger
                """)
            rows.bind(1, cohort)
            while try rows.step() {
                let id = rows.text(0)
                chargers.append(Charger(id: id, attributes: try attributes.decode(bytes: rows.textBytes(1))))
                if !rows.isNull(2) { routes[id] = backends.text(rows.textBytes(2).assumingMemoryBound(to: UInt8.self)) }
            }
            return (chargers, routes)
        }
        let members = try RawStatement(db, "SELECT charger FROM cohort_chargers WHERE cohort = ? ORDER BY charger")
        members.bind(1, cohort)
        var fleetRows = try KeyOrderCursor(db, "SELECT id, attributes FROM chargers ORDER BY id")
        var routeRows = try KeyOrderCursor(db, "SELECT charger, backend FROM routes ORDER BY charger")
        while try members.step() {
            let member = members.textBytes(0)
            // A member without a row in `chargers` is left out, as the join leaves it out.
            guard try fleetRows.seek(member) else { continue }
            let id = fleetRows.rows.text(0)
            chargers.append(Charger(id: id, attributes: try attributes.decode(bytes: fleetRows.rows.textBytes(1))))
            if try routeRows.seek(member) { routes[id] = backends.text(routeRows.rows.textBytes(1).assumingMemoryBound(to: UInt8.self)) }
        }
        fleetRows.finish()
        routeRows.finish()
        return (chargers, routes)
    }

    /// The ids of the chargers routed to `backend` and of those with no route, in id order: the fleet walked beside
    /// the (fewer, sorted) chargers routed elsewhere, read from the index on (backend, charger), not the routes' rows
    /// (the same as `chargers LEFT JOIN routes WHERE backend = ? OR no route`).
    static func chargerIDs(routedToOrUnrouted backend: String, _ db: Database) throws -> [String] {
        let fleetRows = try RawStatement(db, "SELECT id FROM chargers ORDER BY id")
        var elsewhere = try KeyOrderCursor(db, """
            SELECT charger FROM routes INDEXED BY routes_backend WHERE backend < ?1 OR backend > ?1 ORDER BY charger
            """, bind: backend)
        var ids: [String] = []
        while try fleetRows.step() {
            if try elsewhere.seek(fleetRows.textBytes(0)) { continue }
            ids.append(fleetRows.text(0))
        }
        elsewhere.finish()
        return ids
    }
}

/// A statement whose first column is a key in ascending byte order, walked forward to keys asked for in ascending
/// order: `seek` steps past smaller keys and says whether the current row holds the key.
struct KeyOrderCursor {
    let rows: RawStatement
    private var onRow: Bool
    private var done = false

    init(_ db: Database, _ sql: String, bind text: String? = nil) throws {
        rows = try RawStatement(db, sql)
        if let text { rows.bind(1, text) }
        onRow = try rows.step()
        done = !onRow
    }

    /// Moves to the first row whose key is not below `key`; true when its key is `key`.
    mutating func seek(_ key: UnsafeRawBufferPointer) throws -> Bool {
        while !done {
            let order = Self.compare(rows.textBytes(0), key)
            if order == 0 { return true }
            if order > 0 { return false }
            onRow = try rows.step()
            done = !onRow
        }
        return false
    }

    /// Resets a statement left before its end.
    func finish() {
        if !done { rows.reset() }
    }

    /// The order of SQLite's BINARY collation: bytes, then length.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let c = memcmp(pa, pb, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }
}
