import Foundation
import Playbook

/// Where a cohort is in its playbook.
public enum CohortStatus: String, Sendable, Equatable, Codable, CaseIterable {
    case active, paused
    case rollingBack = "rolling-back"
    case rolledBack = "rolled-back"
    case completed
}

/// A cohort as the journal leaves it: its playbook, phase, status and the plan it is running.
public struct Cohort: Sendable, Equatable {
    public var name: String
    public var playbookName: String
    /// SHA-256 of the playbook text the cohort runs; the text is kept in the store.
    public var playbookDigest: String
    public var phaseIndex: Int
    /// Its status with the plan under way.
    public var state: CohortState
    /// When the cohort entered its current phase.
    public var enteredAt: Date
    public var createdAt: Date
    /// The journal entry that last changed the cohort; a commit checks it is still the one read.
    public var version: Int64

    public init(name: String, playbookName: String, playbookDigest: String, phaseIndex: Int, state: CohortState,
                enteredAt: Date, createdAt: Date, version: Int64) {
        self.name = name
        self.playbookName = playbookName
        self.playbookDigest = playbookDigest
        self.phaseIndex = phaseIndex
        self.state = state
        self.enteredAt = enteredAt
        self.createdAt = createdAt
        self.version = version
    }

    public var status: CohortStatus { state.status }
    /// The plan under way, if any.
    public var plan: PlanRun? { state.plan }
}
