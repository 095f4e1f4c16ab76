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
    /// Its quarantined segments and the chargers a preflight held back.
    public var segments: CohortSegments

    public init(cohort: Cohort, playbook: Playbook, chargers: [Charger], routes: [String: String],
                segments: CohortSegments = CohortSegments()) {
        self.cohort = cohort
        self.playbook = playbook
        self.chargers = chargers
        self.routes = routes
        self.segments = segments
    }

    public var machine: CohortMachine {
        CohortMachine(cohort: cohort, playbook: playbook, chargers: chargers, routes: routes, segments: segments)
    }
}
