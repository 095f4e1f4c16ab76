import Application
import Engine
import Foundation
import Gates

/// `advance --dry-run`: the gates, who would move, who would be held back and why; touching nothing.
enum AdvancePreviewRendering {
    static func print(_ p: AdvancePreview) {
        Swift.print("dry run: advance of cohort \(p.cohort) from \(p.phase)\(p.next.map { " to \($0)" } ?? " (the last phase: it would complete)"); nothing will change")
        Swift.print(GateRendering.table(p.report))
        if let refusal = p.refusal { Swift.print("advance would be refused now: \(refusal)") }
        let when = p.refusal == nil ? "it would" : "once the gates pass, it would"
        if p.next != nil {
            Swift.print("\(when) route \(p.moving.count) more chargers to the new platform (\(p.onTarget) there already)"
                        + (p.moving.isEmpty ? "" : ": " + list(p.moving)))
        }
        if !p.held.isEmpty {
            Swift.print("held back on the old platform by the preflight: \(p.held.count) chargers, unhealthy before the move (not evidence against the new platform):")
            for h in p.held.prefix(50) { Swift.print("  \(h.charger): " + h.reasons.joined(separator: "; ")) }
            if p.held.count > 50 { Swift.print("  … and \(p.held.count - 50) more (--json lists all)") }
        }
        for q in p.quarantines {
            Swift.print("quarantined, left out: \(q.name) (\(q.chargers.count) chargers, since \(ISOTime.format(q.since)))")
        }
    }

    private static func list(_ ids: [String]) -> String {
        ids.prefix(20).joined(separator: ", ") + (ids.count > 20 ? ", … (\(ids.count) in all)" : "")
    }
}
