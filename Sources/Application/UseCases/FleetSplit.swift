import Engine
import Playbook

/// The whole fleet split legacy/new: a charger routed to some cohort's `to` backend is on the new platform; every
/// other charger of the fleet (routed to a `from`, or not routed at all) is on legacy.
public struct FleetSplit: Sendable, Equatable {
    public var total: Int
    public var onNew: Int
    public var newBackends: [String]
    public var legacy: Int { max(0, total - onNew) }
}

extension MigrationService {
    public func fleetSplit() throws -> FleetSplit {
        let targets = Set(try store.cohorts().map { try store.snapshot(of: $0.name).playbook.to })
        let onNew = try store.routes(cohort: nil).filter { targets.contains($0.backend) }.count
        return FleetSplit(total: try store.fleet().count, onNew: onNew, newBackends: targets.sorted())
    }
}
