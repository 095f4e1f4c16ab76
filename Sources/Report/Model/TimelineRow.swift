import Foundation

/// One journal entry of the cohort, as the timeline shows it.
public struct TimelineRow: Sendable, Equatable {
    public var seq: Int64
    public var at: Date
    /// The entry kind as `history` spells it.
    public var kind: String
    public var actor: String
    public var what: String
    public var reason: String?
    public var simulated: Bool

    public init(seq: Int64, at: Date, kind: String, actor: String, what: String, reason: String?, simulated: Bool) {
        self.seq = seq
        self.at = at
        self.kind = kind
        self.actor = actor
        self.what = what
        self.reason = reason
        self.simulated = simulated
    }
}
