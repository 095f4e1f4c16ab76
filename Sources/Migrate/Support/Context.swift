import Engine
import Foundation
import Gates
import Playbook
import Store

/// The parts a command works with, wired once: the store, the clock and actor, the runner.
struct Context {
    let store: MigrateStore
    let invocation: Invocation
    let quiet: Bool

    init(_ global: GlobalOptions, quiet: Bool = false) throws {
        store = try global.openStore()
        invocation = try global.invocation()
        self.quiet = quiet
    }

    func meta(reason: String?) -> EntryMeta { EntryMeta(invocation, reason: reason) }

    /// The runner, with the outside world wired in: the sample store, Prometheus, webhooks and programs.
    func runner(for cohort: String?) throws -> CohortRunner {
        var prometheus: (any PrometheusQuerying)?
        if let cohort, let url = try store.snapshot(of: cohort).playbook.prometheus?.url {
            prometheus = try Wiring.prometheus(url: url, cohort: cohort)
        }
        let quiet = self.quiet
        return CohortRunner(store: store, samples: Wiring.samples(store), prometheus: prometheus, performer: Wiring.performer(),
                            invocation: invocation, progress: { quiet ? () : PlanRendering.progress($0) })
    }
}
