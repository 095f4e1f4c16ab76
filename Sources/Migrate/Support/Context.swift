import Adapters
import Application
import Engine
import Foundation
import Store

/// What a command works with, wired once: the application over the SQLite store and the outside world
/// (webhooks, programs, Prometheus), and who acts on which clock.
struct Context {
    let service: MigrationService
    let invocation: Invocation

    /// `quiet`: no plan progress on standard error (for `--json`, and for commands that only read).
    init(_ global: GlobalOptions, quiet: Bool = false) throws {
        invocation = try global.invocation()
        let store = try global.openStore()
        let outside = OutsideWorld(performer: PlanStepPerformer(), prometheus: { try PrometheusClient(url: $0) })
        service = MigrationService(store: store, outside: outside, progress: { quiet ? () : PlanRendering.progress($0) })
    }
}
