import Engine
import Foundation

/// The benchmark's fleet: 10,000 chargers of five models at 400 sites, and which of them the pilot moved.
struct BenchFleet {
    static let models = ["ABB-Terra54", "Alpitronic-HYC300", "Wallbox-Commander2", "Kempower-S", "Tritium-RTM75"]
    let chargers: [Charger]

    init(count: Int) {
        chargers = (0..<count).map { i in
            Charger(id: String(format: "CP-%05d", i), attributes: [
                "model": Self.models[i % Self.models.count], "site": "site-\(i % 400)", "region": i % 2 == 0 ? "north" : "south",
            ])
        }
    }

    /// The pilot: every tenth charger of the cohort is on the new backend (1,000 of 10,000, all models).
    var pilot: [String] { chargers.indices.filter { $0 % 10 == 3 }.map { chargers[$0].id } }
    /// The control group of `compare_to: legacy`: the rest of the fleet.
    var legacy: [String] { chargers.indices.filter { $0 % 10 != 3 }.map { chargers[$0].id } }
}
