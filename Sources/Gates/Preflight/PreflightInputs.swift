import Foundation
import Playbook

/// What a phase's preflight is judged on, fetched beforehand: each candidate's own sample totals over the
/// lookback, and which candidates were seen recently.
public struct PreflightInputs: Sendable {
    public var phase: String
    public var preflight: Preflight
    /// The form of each metric the preflight names.
    public var forms: [String: MetricForm]
    /// The lookback: `[now − lookback, now)`.
    public var window: EvidenceWindow
    /// The chargers a scope may route to `to`, in the order it would take them.
    public var candidates: [String]
    /// Per candidate: totals of the preflight metrics' sample names over `window` (missing: no samples).
    public var totals: [String: SampleTotals]
    /// Candidates with at least one sample of any metric within `seen_within` before now.
    public var seen: Set<String>

    public init(phase: String, preflight: Preflight, forms: [String: MetricForm], window: EvidenceWindow, candidates: [String],
                totals: [String: SampleTotals], seen: Set<String>) {
        self.phase = phase
        self.preflight = preflight
        self.forms = forms
        self.window = window
        self.candidates = candidates
        self.totals = totals
        self.seen = seen
    }

    /// The lookback of `preflight` ending at `now`.
    public static func window(_ preflight: Preflight, now: Date) -> EvidenceWindow {
        EvidenceWindow(start: now.addingTimeInterval(-preflight.lookback.timeInterval), end: now)
    }

    /// The `seen_within` window ending at `now`, when the preflight has one.
    public static func seenWindow(_ preflight: Preflight, now: Date) -> EvidenceWindow? {
        preflight.seenWithin.map { EvidenceWindow(start: now.addingTimeInterval(-$0.timeInterval), end: now) }
    }
}
