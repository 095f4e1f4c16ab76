/// How a gate ends. Pending (not enough evidence) is never a pass.
public enum Verdict: String, Sendable, Equatable, Codable, CaseIterable {
    case pass, fail, pending

    /// The overall verdict of several gates: fail if any fails, else pending if any is pending, else pass.
    /// No gates at all is a pass (a phase without gates may be left once its soak is over).
    public static func combine<S: Sequence>(_ verdicts: S) -> Verdict where S.Element == Verdict {
        var sawPending = false
        for v in verdicts {
            if v == .fail { return .fail }
            if v == .pending { sawPending = true }
        }
        return sawPending ? .pending : .pass
    }
}
