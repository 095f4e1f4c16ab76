internal import GRDB

/// Maps an import's charger ids and metric names (import-local indexes, see `SampleBatch`) to the store's
/// small integer ids, recording new ones; tells which chargers are not in the fleet.
struct SampleIDs {
    let db: Database
    /// Per import-local index: the store id, or -1 for a charger not in the fleet.
    private(set) var metrics: [Int64] = []
    private(set) var chargers: [Int64] = []
    private(set) var metricNames: [String] = []
    private(set) var chargerIDs: [String] = []
    /// Import-local indexes of the chargers not in the fleet, in the order first seen.
    private(set) var unknown: [Int32] = []
    /// Store id → UTF-8 name, for the ids of this import.
    private var metricByStoreID: [Int64: [UInt8]] = [:]
    private var chargerByStoreID: [Int64: [UInt8]] = [:]

    private let inFleet: RawStatement
    private let findCharger: RawStatement, addCharger: RawStatement
    private let findMetric: RawStatement, addMetric: RawStatement

    init(db: Database) throws {
        self.db = db
        inFleet = try RawStatement(db, "SELECT 1 FROM chargers WHERE id = ?")
        findCharger = try RawStatement(db, "SELECT id FROM sample_chargers WHERE charger = ?")
        addCharger = try RawStatement(db, "INSERT INTO sample_chargers (charger) VALUES (?)")
        findMetric = try RawStatement(db, "SELECT id FROM metric_names WHERE name = ?")
        addMetric = try RawStatement(db, "INSERT INTO metric_names (name) VALUES (?)")
    }

    /// Learns the names first seen in `batch`.
    mutating func learn(_ batch: SampleBatch) throws {
        for name in batch.newMetricNames {
            metricNames.append(name)
            let id = try id(name, find: findMetric, add: addMetric)
            metrics.append(id)
            metricByStoreID[id] = Array(name.utf8)
        }
        for charger in batch.newChargerIDs {
            chargerIDs.append(charger)
            inFleet.bind(1, charger)
            if try inFleet.firstInt64() == nil {
                unknown.append(Int32(chargers.count))
                chargers.append(-1)
            } else {
                let id = try id(charger, find: findCharger, add: addCharger)
                chargers.append(id)
                chargerByStoreID[id] = Array(charger.utf8)
            }
        }
    }

    /// The digest's order of this import's names.
    func order() -> SampleNameOrder {
        SampleNameOrder(metrics: metricByStoreID.map { ($0.key, $0.value) }, chargers: chargerByStoreID.map { ($0.key, $0.value) })
    }

    var maxMetricID: Int { Int(metrics.max() ?? -1) }
    var maxChargerID: Int { Int(chargers.max() ?? -1) }

    private func id(_ text: String, find: RawStatement, add: RawStatement) throws -> Int64 {
        find.bind(1, text)
        if let id = try find.firstInt64() { return id }
        add.bind(1, text)
        try add.run()
        return db.lastInsertedRowID
    }
}
