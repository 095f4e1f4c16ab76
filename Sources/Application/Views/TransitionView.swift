import Engine
import Playbook
import Foundation

/// What a state-machine command did, as scripts and the API read it (`migrate advance --json`).
public struct TransitionView: Encodable, Sendable {
    public var cohort: String
    public var result: String
    public var refusal: String?
    public var status: String
    public var phase: String
    public var entries: [Int64]
    public var gates: GateReportView?
    /// Where the plan stands, for a person.
    public var plan: String?

    public init(_ t: TransitionResult) {
        cohort = t.after.cohort.name
        result = t.outcome.refusal == nil ? "done" : "refused"
        refusal = t.outcome.refusal?.description
        status = t.after.cohort.status.rawValue
        phase = t.after.machine.phase.name
        entries = t.outcome.committed.map(\.seq)
        gates = t.outcome.report.map(GateReportView.init)
        plan = PlanStopText.describe(t.outcome.plan)
    }
}

/// Where a plan stopped, in words that do not name any front end's command.
public enum PlanStopText {
    public static func describe(_ stop: PlanStop?) -> String? {
        switch stop {
        case nil: nil
        case .finished: "the plan finished"
        case let .waitingForConfirmation(step, text): "the plan waits at step \(step + 1) for a person to confirm: \(text)"
        case let .waitingUntil(step, until): "the plan waits at step \(step + 1) until \(ISOTime.format(until))"
        case let .failed(step, failure): "the plan stopped: step \(step + 1) failed: \(failure)"
        }
    }
}
