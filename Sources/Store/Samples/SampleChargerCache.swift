import Foundation
internal import GRDB

/// Charger id → sample charger id, cached per store (by its random token) for the life of the process.
/// Ids are only ever added, so a cache with as many entries as the table is current; a gate evaluation
/// asks for the same thousands of chargers several times.
final class SampleChargerCache: @unchecked Sendable {
    static let shared = SampleChargerCache()

    private let lock = NSLock()
    private var maps: [String: (ids: [String: Int64], all: [Int64])] = [:]

    /// The ids of `chargers` that have samples, and all sample charger ids.
    func resolve(_ chargers: [String], _ db: Database) throws -> (group: [Int64], all: [Int64]) {
        let token = try String.fetchOne(db, sql: "SELECT token FROM sample_store") ?? ""
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample_chargers") ?? 0
        lock.lock()
        var cached = maps[token]
        lock.unlock()
        if cached?.all.count != count {
            var fresh: [String: Int64] = [:], all: [Int64] = []
            fresh.reserveCapacity(count)
            all.reserveCapacity(count)
            let rows = try RawStatement(db, "SELECT id, charger FROM sample_chargers")
            while try rows.step() {
                let id = rows.int64(0)
                fresh[rows.text(1)] = id
                all.append(id)
            }
            lock.lock()
            maps[token] = (fresh, all)
            lock.unlock()
            cached = (fresh, all)
        }
        guard let cached else { return ([], []) }
        var seen = Set<Int64>(minimumCapacity: chargers.count)
        var group: [Int64] = []
        group.reserveCapacity(chargers.count)
        for charger in chargers {
            if let id = cached.ids[charger], seen.insert(id).inserted { group.append(id) }
        }
        return (group, cached.all)
    }
}
