import Engine
import Foundation
import Gates
import Playbook

/// What a journal entry says, in one line, for the timeline.
enum TimelineText {
    static func row(_ e: JournalEntry) -> TimelineRow {
        var text = e.event.summary
        // Approvals and confirmations repeat the reason as their note; say it once.
        if let reason = e.reason, !reason.isEmpty, text.hasSuffix(": " + reason) || text.hasSuffix(" — " + reason) {
            text = String(text.dropLast(reason.count + 2)).trimmingCharacters(in: .whitespaces)
        }
        return TimelineRow(seq: e.seq, at: e.at, kind: e.kind.rawValue, actor: e.actor, what: text,
                    reason: e.reason.flatMap { $0.isEmpty ? nil : $0 }, simulated: e.simulated)
    }
}
