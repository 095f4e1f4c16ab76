import Engine
import Foundation

/// How plan progress and plan stops read for a person (on standard error, so `--json` stays clean).
enum PlanRendering {
    static func progress(_ p: PlanProgress) {
        switch p {
        case let .stepStarted(plan, index, of, description):
            Output.standardError("  \(plan.rawValue) step \(index + 1)/\(of): \(description) …")
        case let .stepRunning(plan, index, elapsed):
            Output.standardError("  \(plan.rawValue) step \(index + 1) still running (\(Int(elapsed))s)")
        case let .stepEnded(plan, index, outcome):
            Output.standardError("  \(plan.rawValue) step \(index + 1) \(outcome.succeeded ? "done" : "FAILED"): \(outcome.summary)")
        case let .waiting(plan, index, until):
            Output.standardError("  \(plan.rawValue) step \(index + 1) waits until \(ISOTime.format(until))")
        }
    }

    static func stop(_ stop: PlanStop?, cohort: String) -> String? {
        switch stop {
        case nil: nil
        case .finished: "the plan finished"
        case let .waitingForConfirmation(step, text):
            "the plan waits at step \(step + 1) for a person: \(text)\n  confirm with: migrate confirm \(cohort) --note \"...\""
        case let .waitingUntil(step, until):
            "the plan waits at step \(step + 1) until \(ISOTime.format(until)); run the same command again then to carry on"
        case let .failed(step, failure):
            "the plan stopped: step \(step + 1) failed: \(failure)\n  fix the cause, then run the same command again to retry from that step"
        }
    }
}
