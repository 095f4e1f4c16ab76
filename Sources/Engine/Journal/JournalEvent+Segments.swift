import Foundation
import Gates

extension JournalEvent {
    /// `segment-quarantined`: the failing segments of `by:` gates with `on_fail: quarantine`, with the evidence.
    /// Their chargers on `to` go back to `from` in a `route-changed` entry of the same commit.
    public struct SegmentQuarantined: Sendable, Equatable, Codable {
        public var phase: String
        public var segments: [Segment]
        public var evidence: GateReport

        public init(phase: String, segments: [Segment], evidence: GateReport) {
            self.phase = phase; self.segments = segments; self.evidence = evidence
        }

        /// One quarantined segment: every charger of the cohort with `attribute` = `value`.
        public struct Segment: Sendable, Equatable, Codable {
            public var attribute: String
            public var value: String
            /// The metric of the gate that failed.
            public var gate: String
            public var detail: String
            public var chargers: [String]

            public init(attribute: String, value: String, gate: String, detail: String, chargers: [String]) {
                self.attribute = attribute; self.value = value; self.gate = gate; self.detail = detail; self.chargers = chargers
            }
        }
    }

    /// `segment-released`: a quarantined segment is let back in; the scope of the current phase routes its chargers
    /// again (a `route-changed` entry in the same commit, after their preflight).
    public struct SegmentReleased: Sendable, Equatable, Codable {
        public var phase: String
        public var attribute: String
        public var value: String
        public var chargers: [String]

        public init(phase: String, attribute: String, value: String, chargers: [String]) {
            self.phase = phase; self.attribute = attribute; self.value = value; self.chargers = chargers
        }
    }

    /// `preflight-held`: chargers a scope would have routed to `to` that failed the phase's preflight on `from`;
    /// they stay there, flagged, with their reasons.
    public struct PreflightHeld: Sendable, Equatable, Codable {
        public var phase: String
        /// The lookback the evidence was read over (nil when none was gathered).
        public var window: EvidenceWindow?
        /// The unhealthy chargers and why.
        public var chargers: [ChargerHealth]

        public init(phase: String, window: EvidenceWindow?, chargers: [ChargerHealth]) {
            self.phase = phase; self.window = window; self.chargers = chargers
        }
    }
}
