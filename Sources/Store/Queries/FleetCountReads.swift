internal import GRDB
import Engine

extension MigrateStore {
    /// One pass over the fleet and its routes, holding only counts: the chargers are counted by their attributes'
    /// text and backend (a fleet has few distinct pairs), and each distinct text is decoded once at the end.
    public func fleetCounts(by attributes: [String], missing: String, unrouted: String) throws -> FleetCounts {
        struct Key: Hashable {
            var text: String
            var backend: String?
        }
        return try pool.read { db in
            var keys: [Key: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT c.attributes, r.backend FROM chargers c LEFT JOIN routes r ON r.charger = c.id")
            while let row = try rows.next() {  // columns by position: a lookup by name lowercases it, per row
                keys[Key(text: row[0], backend: row[1]), default: 0] += 1
            }
            var counts = FleetCounts()
            var memo = AttributesMemo()
            for (key, n) in keys {
                counts.add(attributes: try memo.decode(key.text), backend: key.backend, chargers: n, by: attributes, missing: missing,
                           unrouted: unrouted)
            }
            return counts
        }
    }
}
