import Adapters
import Engine
import Foundation
import Playbook

enum Sample {
    /// 2026-03-14T09:26:53Z
    static let at = Date(timeIntervalSince1970: 1_773_480_413)

    static func event(reason: String = "error rate 3.1% > 2%", chargersRouted: [String] = ["CP-001", "CP-002"]) -> PlanEvent {
        PlanEvent(plan: .rollback, planRun: "eu-west-1/rollback/42", cohort: "eu-west-1", playbook: "move-to-nova",
                  phase: "rolling-back", fromPhase: "canary", status: "rolling-back", reason: reason, actor: "gate:error-rate",
                  chargersRouted: chargersRouted, at: at, simulated: false)
    }

    /// Back-off short enough that retries cost nothing in tests.
    static let fastBackoff = Backoff(base: .milliseconds(10), cap: .milliseconds(40))
}
