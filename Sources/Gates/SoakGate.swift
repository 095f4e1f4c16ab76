import Foundation
import Playbook

extension GateEvaluator {
    /// Pending until the cohort has been in the phase for the soak duration; never fails.
    static func evaluateSoak(_ soak: PlaybookDuration, inputs: GateInputs) -> GateResult {
        let elapsed = max(0, inputs.now.timeIntervalSince(inputs.enteredAt))
        let window = EvidenceWindow(start: inputs.enteredAt, end: inputs.now)
        let done = elapsed >= soak.timeInterval
        let detail = done
            ? "in phase for \(formatSeconds(elapsed)), soak \(soak) is over"
            : "in phase for \(formatSeconds(elapsed)) of \(soak); \(formatSeconds(soak.timeInterval - elapsed)) to go"
        return GateResult(kind: "soak", name: "soak \(soak)", result: done ? .pass : .pending,
                          value: elapsed, threshold: soak.timeInterval, window: window, detail: detail)
    }
}
