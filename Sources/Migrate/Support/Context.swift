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
    /// `prometheusTimeout`: seconds per Prometheus query (default the client's 5).
    init(_ global: GlobalOptions, quiet: Bool = false, prometheusTimeout: TimeInterval? = nil) throws {
        invocation = try global.invocation()
        let store = try global.openStore()
        let outside = OutsideWorld(performer: PlanStepPerformer(),
                                   prometheus: { url in try prometheusTimeout.map { try PrometheusClient(url: url, timeout: $0) } ?? PrometheusClient(url: url) },
                                   checks: GateCheckPerformer())
        service = MigrationService(store: store, outside: outside, progress: { quiet ? () : PlanRendering.progress($0) })
    }
}
