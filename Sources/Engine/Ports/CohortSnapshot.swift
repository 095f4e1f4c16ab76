import Foundation
import Gates
import Playbook

/// Everything the state machine needs to decide about one cohort.
public struct CohortSnapshot: Sendable {
    public var cohort: Cohort
    public var playbook: Playbook
    /// The cohort's chargers with their attributes.
    public var chargers: [Charger]
    /// Charger id → backend, for the cohort's chargers.
    public var routes: [String: String]

    public init(cohort: Cohort, playbook: Playbook, chargers: [Charger], routes: [String: String]) {
        self.cohort = cohort
        self.playbook = playbook
        self.chargers = chargers
        self.routes = routes
    }

    public var machine: CohortMachine {
        CohortMachine(cohort: cohort, playbook: playbook, chargers: chargers, routes: routes)
    }
}
