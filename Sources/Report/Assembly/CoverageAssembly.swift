import Engine
import Foundation

/// Chargers by model, site and backend: the fleet against the cohort.
enum CoverageAssembly {
    /// One pass over the cohort (100,000 chargers at fleet scale): each charger's flags once, each row updated in place.
    static func tables(fleet: FleetCounts, cohort: [Charger], routes: [String: String], tested: Set<String>,
                       from: String, to: String) -> [CoverageTable] {
        let attributes = CoverageTable.attributes
        var rows = (attributes.map { fleet.byAttribute[$0] ?? [:] } + [fleet.byBackend]).map { counts in
            var rows: [String: CoverageRow] = [:]
            for (value, n) in counts where n > 0 { rows[value] = CoverageRow(value: value, fleet: n, cohort: 0, tested: 0, onTarget: 0) }
            return rows
        }
        for c in cohort {
            let backend = routes[c.id]
            let wasTested = tested.contains(c.id)
            let onTarget = backend == to
            for index in rows.indices {
                let value = index < attributes.count ? c.attributes[attributes[index]] ?? CoverageTable.missing : backend ?? from
                rows[index][value, default: CoverageRow(value: value, fleet: 0, cohort: 0, tested: 0, onTarget: 0)]
                    .count(tested: wasTested, onTarget: onTarget)
            }
        }
        return zip(attributes + ["backend"], rows).map { CoverageTable(attribute: $0, rows: $1.values.sorted { $0.value < $1.value }) }
    }

    /// The cohort's chargers the journal shows routed to `to` at some point (in the current run or before).
    static func tested(_ journal: [JournalEntry], to: String) -> Set<String> {
        var ids = Set<String>()
        for e in journal {
            if case let .routeChanged(p) = e.event, p.backend == to { ids.formUnion(p.chargers) }
        }
        return ids
    }
}

extension CoverageRow {
    /// Counts one charger of the cohort.
    mutating func count(tested: Bool, onTarget: Bool) {
        cohort += 1
        if tested { self.tested += 1 }
        if onTarget { self.onTarget += 1 }
    }
}
