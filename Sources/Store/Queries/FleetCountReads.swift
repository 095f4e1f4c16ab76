internal import GRDB
import Engine

extension MigrateStore {
    /// One pass over the fleet and its routes, holding only counts. Each charger is counted under the values of the
    /// attributes asked for and its backend, read from the attributes' bytes without a dictionary per charger (a fleet
    /// has few distinct such combinations, however many distinct attribute texts: 99,707 texts among 100,000 chargers
    /// in one, but a few thousand model, site and backend triples); a text of another kind is decoded in full.
    public func fleetCounts(by attributes: [String], missing: String, unrouted: String) throws -> FleetCounts {
        try pool.read { db in
            var tally = FleetTally(names: attributes)
            // The fleet and the routes walked side by side in key order (`KeyOrderCursor`), as `chargers LEFT JOIN
            // routes` without a seek in routes per charger.
            let rows = try RawStatement(db, "SELECT id, attributes FROM chargers ORDER BY id")
            var routes = try KeyOrderCursor(db, "SELECT charger, backend FROM routes ORDER BY charger")
            while try rows.step() {
                let routed = try routes.seek(rows.textBytes(0))
                try tally.add(attributes: rows.textBytes(1), backend: routed ? routes.rows.textBytes(1) : nil)
            }
            routes.finish()
            return tally.counts(missing: missing, unrouted: unrouted)
        }
    }
}

/// Chargers counted by (the values of the attributes asked for, backend): each combination interned by its bytes.
struct FleetTally {
    private let names: [String]
    private let nameBytes: [[UInt8]]
    /// Names a byte comparison can stand for: ASCII (a non-ASCII name could equal another key's text as `String`s).
    private let plainNames: Bool
    private var interner = ByteInterner()
    private var combinations: [(values: [String: String], backend: String?)] = []
    private var chargers: [Int] = []
    private var fields = AttributeFields()
    private var key: [UInt8] = []

    init(names: [String]) {
        self.names = names
        nameBytes = names.map { Array($0.utf8) }
        plainNames = names.allSatisfy { $0.utf8.allSatisfy { $0 < 128 } }
    }

    /// One charger: `attributes` its text's bytes, `backend` its route's (nil: no route).
    mutating func add(attributes b: UnsafeRawBufferPointer, backend: UnsafeRawBufferPointer?) throws {
        key.removeAll(keepingCapacity: true)
        var decoded: [String: String]?
        if plainNames, fields.scan(b) {
            for name in nameBytes {  // each value by its length and bytes, or its absence
                if let value = fields.value(named: name, in: b) { append(b[value]) } else { key.append(0) }
            }
        } else {
            let all = try AttributesText.decode(String(decoding: b, as: UTF8.self))
            decoded = all
            for name in names {
                if let value = all[name] { append(Array(value.utf8)) } else { key.append(0) }
            }
        }
        if let backend { append(backend) } else { key.append(0) }
        let (index, isNew) = key.withUnsafeBufferPointer { interner.intern($0) }
        if isNew {
            var values: [String: String] = [:]
            for (k, name) in names.enumerated() {
                if let decoded { values[name] = decoded[name] } else if let value = fields.value(named: nameBytes[k], in: b) {
                    values[name] = String(decoding: b[value], as: UTF8.self)
                }
            }
            combinations.append((values, backend.map { String(decoding: $0, as: UTF8.self) }))
            chargers.append(0)
        }
        chargers[Int(index)] += 1
    }

    /// A present value in the key: a mark, its length and its bytes.
    private mutating func append<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        key.append(1)
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: bytes.count).littleEndian) { key.append(contentsOf: $0) }
        key.append(contentsOf: bytes)
    }

    func counts(missing: String, unrouted: String) -> FleetCounts {
        var counts = FleetCounts()
        for (k, combination) in combinations.enumerated() {
            counts.add(attributes: combination.values, backend: combination.backend, chargers: chargers[k], by: names, missing: missing,
                       unrouted: unrouted)
        }
        return counts
    }
}
