import Engine
import Foundation
import Gates

/// A quarantined segment as scripts and the API read it (`migrate segment list --json`, `status --json`).
public struct QuarantineView: Encodable, Sendable {
    public var segment: String
    public var attribute: String
    public var value: String
    public var chargers: [String]
    public var gate: String
    public var why: String
    public var phase: String
    public var since: Date
    public var seq: Int64

    public init(_ q: Quarantine) {
        segment = q.name
        attribute = q.attribute
        value = q.value
        chargers = q.chargers
        gate = q.gate
        why = q.detail
        phase = q.phase
        since = q.since
        seq = q.seq
    }
}

/// A charger a preflight held back, as scripts read it.
public struct HeldView: Encodable, Sendable {
    public var charger: String
    public var phase: String
    public var reasons: [String]
    public var since: Date?
    public var seq: Int64?

    public init(_ h: HeldCharger) {
        charger = h.charger
        phase = h.phase
        reasons = h.reasons
        since = h.since
        seq = h.seq
    }

    public init(_ h: ChargerHealth, phase: String) {
        charger = h.charger
        self.phase = phase
        reasons = h.reasons
    }
}

/// `migrate advance --dry-run --json`.
public struct AdvancePreviewView: Encodable, Sendable {
    public var cohort: String
    public var phase: String
    public var next: String?
    /// `would-advance`, `would-complete` or `refused`.
    public var result: String
    public var refusal: String?
    public var gates: GateReportView
    public var moving: [String]
    public var heldBack: [HeldView]
    public var onTarget: Int
    public var quarantined: [QuarantineView]

    public init(_ p: AdvancePreview) {
        cohort = p.cohort
        phase = p.phase
        next = p.next
        result = p.refusal != nil ? "refused" : p.next == nil ? "would-complete" : "would-advance"
        refusal = p.refusal?.description
        gates = GateReportView(p.report)
        moving = p.moving
        heldBack = p.held.map { HeldView($0, phase: p.next ?? p.phase) }
        onTarget = p.onTarget
        quarantined = p.quarantines.map(QuarantineView.init)
    }

    enum CodingKeys: String, CodingKey {
        case cohort, phase, next, result, refusal, gates, moving, quarantined
        case heldBack = "held_back", onTarget = "on_target"
    }
}
