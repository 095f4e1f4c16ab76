import Foundation
internal import GRDB

/// Charger id → sample charger id, cached per store (by its random token) for the life of the process.
/// Ids are only ever added, so a cache with as many entries as the table is current; a gate evaluation
/// asks for the same thousands of chargers several times.
final class SampleChargerCache: @unchecked Sendable {
    static let shared = SampleChargerCache()

    private let lock = NSLock()
    private var maps: [String: [String: Int64]] = [:]

    /// The ids of `chargers` that have samples, and all sample charger ids.
    func resolve(_ chargers: [String], _ db: Database) throws -> (group: [Int64], all: [Int64]) {
        let token = try String.fetchOne(db, sql: "SELECT token FROM sample_store") ?? ""
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample_chargers") ?? 0
        lock.lock()
        var map = maps[token]
        lock.unlock()
        if map?.count != count {
            var fresh: [String: Int64] = [:]
            fresh.reserveCapacity(count)
            let rows = try Row.fetchCursor(db, sql: "SELECT id, charger FROM sample_chargers")
            while let row = try rows.next() { fresh[row[1]] = row[0] }
            lock.lock()
            maps[token] = fresh
            lock.unlock()
            map = fresh
        }
        guard let map else { return ([], []) }
        var seen = Set<Int64>()
        var group: [Int64] = []
        for charger in chargers {
            if let id = map[charger], seen.insert(id).inserted { group.append(id) }
        }
        return (group, Array(map.values))
    }
}
