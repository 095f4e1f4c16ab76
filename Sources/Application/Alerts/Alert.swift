import Engine
import Foundation
import Playbook

/// What changed for a cohort since the last alert about it: one alert per cohort and pass, however many changes.
public struct Alert: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        /// The current phase's overall gate result changed (pass → fail, pending → fail, fail → pass, or first seen failing).
        case gates(phase: String, from: String?, to: String, failing: [String])
        case stepFailed(plan: String, step: Int, summary: String)
        case waitingForConfirmation(plan: String, step: Int, text: String)
        case rollbackStarted(phase: String, plan: String, seq: Int64)

        public var text: String {
            switch self {
            case let .gates(phase, from, to, failing):
                "gates of \(phase): \(from ?? "unknown") → \(to)" + (failing.isEmpty ? "" : " (failing: \(failing.joined(separator: ", ")))")
            case let .stepFailed(plan, step, summary): "plan \(plan) step \(step + 1) failed: \(summary)"
            case let .waitingForConfirmation(plan, step, text): "plan \(plan) waits at step \(step + 1) for a person to confirm: \(text)"
            case let .rollbackStarted(phase, plan, seq): "rollback started from \(phase) (plan \(plan), journal entry \(seq))"
            }
        }

        public var kind: String {
            switch self {
            case .gates: "gates-changed"
            case .stepFailed: "step-failed"
            case .waitingForConfirmation: "waiting-for-confirmation"
            case .rollbackStarted: "rollback-started"
            }
        }
    }

    public var cohort: String
    public var phase: String
    public var status: String
    public var changes: [Change]
    /// Unique for this alert's content: receivers drop a repeat with the same key.
    public var key: String
    public var at: Date
    /// The cohort's playbook's `alerts:` webhooks (the server's own `--alert-webhook` is added by the server).
    public var targets: [AlertTarget]
}
