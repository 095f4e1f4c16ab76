import Foundation
import Gates

/// What the gate evaluations of several cohorts at one instant share (`migrate status` judges every cohort): the
/// issue records, the cohorts' milestones, each `compare_to` backend's chargers and their sample totals over a
/// window are the same for every cohort, so they are read once. A fresh value per instant; nothing here outlives it.
public final class GateReads: @unchecked Sendable {
    private let lock = NSLock()
    private var issues: [IssueRecord]?
    private var milestones: [String: CohortMilestone]?
    private var controls: [ControlKey: [String]] = [:]
    private var controlTotals: [TotalsKey: SampleTotals] = [:]

    struct ControlKey: Hashable {
        var backend: String
        var includeUnrouted: Bool
    }

    struct TotalsKey: Hashable {
        var control: ControlKey
        var start: Date
        var end: Date
        var names: [String]
    }

    public init() {}

    private func cached<T>(_ get: () -> T?, _ set: (T) -> Void, _ read: () throws -> T) rethrows -> T {
        if let value = lock.withLock(get) { return value }
        let value = try read()
        lock.withLock { set(value) }
        return value
    }

    func issues(_ read: () throws -> [IssueRecord]) rethrows -> [IssueRecord] {
        try cached({ issues }, { issues = $0 }, read)
    }

    func milestones(_ read: () throws -> [String: CohortMilestone]) rethrows -> [String: CohortMilestone] {
        try cached({ milestones }, { milestones = $0 }, read)
    }

    /// The chargers `store` has on `backend` (with the unrouted ones when `includeUnrouted`), read once per instant:
    /// the checkpoint report's charts ask for the `compare_to` group its gates already read.
    public func chargerIDs(routedTo backend: String, includeUnrouted: Bool, in store: any JournalStore) throws -> [String] {
        try chargers(ControlKey(backend: backend, includeUnrouted: includeUnrouted)) {
            try store.chargerIDs(routedTo: backend, includeUnrouted: includeUnrouted)
        }
    }

    func chargers(_ key: ControlKey, _ read: () throws -> [String]) rethrows -> [String] {
        try cached({ controls[key] }, { controls[key] = $0 }, read)
    }

    /// A `compare_to` group's totals another cohort already read, if any.
    func totals(_ key: TotalsKey) -> SampleTotals? {
        lock.withLock { controlTotals[key] }
    }

    func remember(_ totals: SampleTotals, for key: TotalsKey) {
        lock.withLock { controlTotals[key] = totals }
    }
}
