import Engine
import Foundation

/// Chargers by model, site and backend: the fleet against the cohort.
enum CoverageAssembly {
    static func tables(fleet: [Charger], cohort: [Charger], routes: [String: String], tested: Set<String>,
                       from: String, to: String) -> [CoverageTable] {
        var tables = ["model", "site"].map { attribute in
            table(attribute, fleet: fleet, cohort: cohort, tested: tested, routes: routes, to: to) { $0.attributes[attribute] ?? "(none)" }
        }
        let backend: (Charger) -> String = { routes[$0.id] ?? from }
        tables.append(table("backend", fleet: fleet, cohort: cohort, tested: tested, routes: routes, to: to, key: backend))
        return tables
    }

    static func table(_ attribute: String, fleet: [Charger], cohort: [Charger], tested: Set<String>, routes: [String: String],
                      to: String, key: (Charger) -> String) -> CoverageTable {
        var rows: [String: CoverageRow] = [:]
        func row(_ value: String) -> CoverageRow { rows[value] ?? CoverageRow(value: value, fleet: 0, cohort: 0, tested: 0, onTarget: 0) }
        for c in fleet {
            var r = row(key(c)); r.fleet += 1; rows[r.value] = r
        }
        for c in cohort {
            var r = row(key(c))
            r.cohort += 1
            if tested.contains(c.id) { r.tested += 1 }
            if routes[c.id] == to { r.onTarget += 1 }
            rows[r.value] = r
        }
        return CoverageTable(attribute: attribute, rows: rows.values.sorted { $0.value < $1.value })
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
