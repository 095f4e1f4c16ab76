import Engine
import Foundation
import Gates
import Store

/// A store in a temporary directory, with a fleet, and helpers to write sample files.
struct SampleFixture {
    let directory: URL
    let store: MigrateStore
    static let at = Date(timeIntervalSince1970: 1_790_000_000)

    init(fleet: [String] = (1...5).map { "CP-\($0)" }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try MigrateStore(path: directory.appendingPathComponent("m.db").path)
        let chargers = fleet.map { Charger(id: $0, attributes: ["model": "M\($0.count % 3)"]) }
        try store.append([NewEntry(at: Self.at, cohort: nil, actor: "test", reason: nil, simulated: true,
                                   event: .fleetImported(.init(file: "fleet.csv", digest: "x", chargers: chargers, added: chargers.count, updated: 0)))],
                         if: .none)
    }

    func file(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @discardableResult
    func importFile(_ name: String, _ text: String, skipUnknown: Bool = false) throws -> MetricsImportReport {
        try store.importMetrics(path: try file(name, text), actor: "test", at: Self.at, simulated: true, skipUnknown: skipUnknown)
    }

    func everything(_ names: [String], chargers: [String] = (1...5).map { "CP-\($0)" }) throws -> SampleTotals {
        try store.totals(of: names, chargers: chargers,
                         window: EvidenceWindow(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 4_000_000_000)))
    }
}

/// The error `body` throws, as text.
func importError(_ body: () throws -> Void) -> String? {
    do { try body(); return nil } catch { return "\(error)" }
}
