import Foundation

/// A segment quarantined in this cohort's journal: why and since when, and whether it was released.
public struct SegmentLine: Sendable, Equatable {
    /// `model=GL-DUO`.
    public var segment: String
    public var chargers: Int
    /// The metric of the gate that failed, and the segment's evidence in one line.
    public var gate: String
    public var detail: String
    public var phase: String
    public var since: Date
    public var seq: Int64
    /// When it was let back in, by whom and why; nil while it is quarantined.
    public var released: Release?

    public struct Release: Sendable, Equatable {
        public var at: Date
        public var actor: String
        public var reason: String?
        public var seq: Int64

        public init(at: Date, actor: String, reason: String?, seq: Int64) {
            self.at = at
            self.actor = actor
            self.reason = reason
            self.seq = seq
        }
    }

    public init(segment: String, chargers: Int, gate: String, detail: String, phase: String, since: Date, seq: Int64,
                released: Release? = nil) {
        self.segment = segment
        self.chargers = chargers
        self.gate = gate
        self.detail = detail
        self.phase = phase
        self.since = since
        self.seq = seq
        self.released = released
    }
}

/// A charger a preflight held back on `from`: unhealthy before the move, not evidence against the new platform.
public struct HeldLine: Sendable, Equatable {
    public var charger: String
    public var phase: String
    public var reasons: [String]
    public var since: Date

    public init(charger: String, phase: String, reasons: [String], since: Date) {
        self.charger = charger
        self.phase = phase
        self.reasons = reasons
        self.since = since
    }
}
