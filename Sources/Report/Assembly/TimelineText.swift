import Engine
import Foundation
import Gates
import Playbook

/// What a journal entry says, in one line, for the timeline.
enum TimelineText {
    static func row(_ e: JournalEntry) -> TimelineRow {
        var text = what(e.event)
        // Approvals and confirmations repeat the reason as their note; say it once.
        if let reason = e.reason, !reason.isEmpty, text.hasSuffix(": " + reason) || text.hasSuffix(" — " + reason) {
            text = String(text.dropLast(reason.count + 2)).trimmingCharacters(in: .whitespaces)
        }
        return TimelineRow(seq: e.seq, at: e.at, kind: e.kind.rawValue, actor: e.actor, what: text,
                    reason: e.reason.flatMap { $0.isEmpty ? nil : $0 }, simulated: e.simulated)
    }

    static func what(_ event: JournalEvent) -> String {
        switch event {
        case let .created(p): "\(p.chargers.count) chargers on \(p.playbook), phase \(p.phase)"
        case let .routeChanged(p): "\(p.chargers.count) chargers → \(p.backend)" + (p.planRun.map { " (plan \($0))" } ?? "")
        case let .advanced(p): "\(p.from) → \(p.to): \(p.evidence.gates.count) gates passed"
        case let .completed(p): "left \(p.from), the last phase: \(p.evidence.gates.count) gates passed; the cohort is complete"
        case let .blocked(p): "\(p.command) refused in \(p.phase): \(p.message)" + failing(p.evidence)
        case let .paused(p): "paused in \(p.phase): \(p.plan.steps)-step pause plan \(p.plan.id)" + failing(p.evidence)
        case let .rollbackStarted(p): "rollback from \(p.phase): \(p.plan.steps)-step plan \(p.plan.id)" + failing(p.evidence)
        case let .resumed(p): "resumed in \(p.phase)"
        case let .rolledBack(p): "rolled back from \(p.phase) (plan \(p.plan))"
        case let .restarted(p): "restarted from \(p.from), back to \(p.phase)"
        case let .approved(p): "approved as \(p.role) for \(p.phase)" + (p.note.map { ": \($0)" } ?? "")
        case let .stepStarted(p): "\(p.plan.kind.rawValue) step \(p.index + 1) of \(p.plan.steps) started: \(p.description)"
        case let .stepFinished(p): "step \(p.index + 1) finished: \(p.outcome.summary)"
        case let .stepFailed(p): "step \(p.index + 1) FAILED: \(p.outcome.summary)"
        case let .confirmed(p): "step \(p.index + 1) confirmed: \(p.text)" + (p.note.map { " — \($0)" } ?? "")
        case let .issueOpened(r): "issue \(r.id) opened: \(r.severity.rawValue), \(r.title)"
        case let .issueUpdated(r): "issue \(r.id) updated: \(r.severity.rawValue), \(r.title)"
        case let .issueClosed(p): "issue \(p.id) closed" + (p.note.map { ": \($0)" } ?? "")
        case let .metricsImported(p): "\(p.samples) samples imported from \(p.file)"
        case let .fleetImported(p): "fleet import from \(p.file): \(p.added) added, \(p.updated) updated"
        case let .playbookChanged(p): "playbook \(p.playbook) changed: \(p.fromDigest.prefix(12)) → \(p.digest.prefix(12))"
        }
    }

    static func failing(_ report: GateReport?) -> String {
        guard let report else { return "" }
        let bad = report.gates.filter { $0.result != .pass }
        guard !bad.isEmpty else { return "" }
        return " [" + bad.map { "\($0.name) \($0.result.rawValue)" }.joined(separator: ", ") + "]"
    }
}
