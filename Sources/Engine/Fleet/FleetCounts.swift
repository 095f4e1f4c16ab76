/// How many chargers of the fleet have each value of some attributes, and how many are on each backend: what the
/// checkpoint report compares a cohort with, read without holding the fleet (100,000 chargers at fleet scale).
public struct FleetCounts: Sendable, Equatable {
    /// Attribute → value → chargers; a charger without the attribute counts under the `missing` value asked for.
    public var byAttribute: [String: [String: Int]]
    /// Backend → chargers; a charger with no route counts on the `unrouted` backend asked for.
    public var byBackend: [String: Int]

    public init(byAttribute: [String: [String: Int]] = [:], byBackend: [String: Int] = [:]) {
        self.byAttribute = byAttribute
        self.byBackend = byBackend
    }

    /// Counts `fleet` in memory, `routes` giving each routed charger's backend (a store without a cheaper way; tests).
    public init(fleet: [Charger], routes: [String: String], attributes: [String], missing: String, unrouted: String) {
        self.init()
        for charger in fleet {
            add(attributes: charger.attributes, backend: routes[charger.id], chargers: 1, by: attributes, missing: missing, unrouted: unrouted)
        }
    }

    /// Adds `chargers` chargers that have `attributes` and are on `backend` (nil: no route).
    public mutating func add(attributes: [String: String], backend: String?, chargers: Int, by names: [String], missing: String,
                             unrouted: String) {
        for name in names { byAttribute[name, default: [:]][attributes[name] ?? missing, default: 0] += chargers }
        byBackend[backend ?? unrouted, default: 0] += chargers
    }
}
