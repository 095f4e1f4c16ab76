import Foundation

/// A quarantined segment of a cohort: the chargers that shared a value of an attribute when a `by:` gate with
/// `on_fail: quarantine` found the segment failing. They are routed back to `from` and left out of every scope
/// (and of the gates) until `migrate segment release` lets them back in.
public struct Quarantine: Sendable, Equatable, Codable {
    public var attribute: String
    public var value: String
    /// The cohort's chargers of the segment when it was quarantined, sorted.
    public var chargers: [String]
    /// The metric of the gate that failed.
    public var gate: String
    /// Why: the segment's evidence in one line.
    public var detail: String
    /// The phase it was quarantined in.
    public var phase: String
    public var since: Date
    /// The `segment-quarantined` entry.
    public var seq: Int64

    public init(attribute: String, value: String, chargers: [String], gate: String, detail: String, phase: String,
                since: Date, seq: Int64) {
        self.attribute = attribute
        self.value = value
        self.chargers = chargers
        self.gate = gate
        self.detail = detail
        self.phase = phase
        self.since = since
        self.seq = seq
    }

    /// `model=GL-DUO`: how commands name the segment.
    public var name: String { "\(attribute)=\(value)" }
}

/// A charger a phase's preflight held back on `from`: unhealthy before the move, so it is not evidence against
/// the new platform. The flag stays until the charger is routed, or the cohort rolls back or restarts.
public struct HeldCharger: Sendable, Equatable, Codable {
    public var charger: String
    /// The phase whose preflight held it back.
    public var phase: String
    public var reasons: [String]
    public var since: Date
    /// The `preflight-held` entry.
    public var seq: Int64

    public init(charger: String, phase: String, reasons: [String], since: Date, seq: Int64) {
        self.charger = charger
        self.phase = phase
        self.reasons = reasons
        self.since = since
        self.seq = seq
    }
}
