import Engine
import Playbook
import Foundation

/// The application: every use case the front ends call (the command line, the HTTP API), over a store and
/// the outside world. Front ends parse, authorize and render; the decisions are made here and below, once.
/// It keeps no state of its own: each call says who acts and on which clock (`Invocation`).
public struct MigrationService: Sendable {
    public let store: any MigrateStoring
    public let outside: OutsideWorld
    /// Told about plan progress (a step starts, runs, ends, waits), for a person watching or a log.
    public let progress: @Sendable (PlanProgress) -> Void

    public init(store: any MigrateStoring, outside: OutsideWorld = OutsideWorld(),
                progress: @escaping @Sendable (PlanProgress) -> Void = { _ in }) {
        self.store = store
        self.outside = outside
        self.progress = progress
    }

    /// The runner that performs the state machine's decisions for `invocation`, with the outside world wired in.
    public func runner(_ invocation: Invocation) -> CohortRunner {
        CohortRunner(store: store, samples: store, prometheus: outside.prometheus, performer: outside.performer,
                     invocation: invocation, progress: progress)
    }
}

/// What the application reaches outside the store: plan steps (webhooks, programs) and Prometheus.
public struct OutsideWorld: Sendable {
    public var performer: (any StepPerformer)?
    public var prometheus: PrometheusConnector?

    public init(performer: (any StepPerformer)? = nil, prometheus: PrometheusConnector? = nil) {
        self.performer = performer
        self.prometheus = prometheus
    }
}
