import Engine
import Foundation

/// The segments the journal quarantined (and released), and the chargers the preflights hold back now.
enum SegmentAssembly {
    static func quarantined(_ journal: [JournalEntry]) -> [SegmentLine] {
        var lines: [SegmentLine] = []
        for entry in journal {
            switch entry.event {
            case let .segmentQuarantined(p):
                for s in p.segments {
                    lines.append(SegmentLine(segment: "\(s.attribute)=\(s.value)", chargers: s.chargers.count, gate: s.gate, detail: s.detail,
                                             phase: p.phase, since: entry.at, seq: entry.seq))
                }
            case let .segmentReleased(p):
                let name = "\(p.attribute)=\(p.value)"
                if let i = lines.lastIndex(where: { $0.segment == name && $0.released == nil }) {
                    lines[i].released = .init(at: entry.at, actor: entry.actor, reason: entry.reason, seq: entry.seq)
                }
            default:
                continue
            }
        }
        return lines
    }

    static func held(_ segments: CohortSegments) -> [HeldLine] {
        segments.held.map { HeldLine(charger: $0.charger, phase: $0.phase, reasons: $0.reasons, since: $0.since) }
    }
}
