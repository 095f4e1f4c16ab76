import Gates
import Playbook

extension JournalEvent {
    /// What the entry says happened, in one line: `history`'s WHAT column, the report's timeline,
    /// the API and the dashboard all use this. Every kind says something.
    public var summary: String {
        switch self {
        case let .created(p): "\(p.chargers.count) chargers on \(p.playbook), phase \(p.phase)"
        case let .routeChanged(p): "\(p.chargers.count) chargers → \(p.backend)" + (p.planRun.map { " (plan \($0))" } ?? "")
        case let .advanced(p): "\(p.from) → \(p.to): \(p.evidence.gates.count) gates passed"
        case let .completed(p): "left \(p.from), the last phase: \(p.evidence.gates.count) gates passed; the cohort is complete"
        case let .blocked(p): "\(p.command) refused in \(p.phase): \(p.message)" + Self.failing(p.evidence)
        case let .paused(p): "paused in \(p.phase): \(p.plan.steps)-step pause plan \(p.plan.id)" + Self.failing(p.evidence)
        case let .rollbackStarted(p): "rollback from \(p.phase): \(p.plan.steps)-step plan \(p.plan.id)" + Self.failing(p.evidence)
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
        case let .segmentQuarantined(p):
            "quarantined in \(p.phase): " + p.segments.map { "\($0.attribute)=\($0.value) (\($0.chargers.count) chargers; \($0.gate) failed)" }.joined(separator: ", ")
        case let .segmentReleased(p): "released \(p.attribute)=\(p.value) in \(p.phase): \(p.chargers.count) chargers back in scope"
        case let .preflightHeld(p):
            "\(p.chargers.count == 1 ? "1 charger" : "\(p.chargers.count) chargers") held back on the old platform by the preflight of \(p.phase): unhealthy before the move"
        case let .tokenCreated(p):
            "token \(p.id) created for \(p.person) as \(p.role.rawValue)" + (p.approves.isEmpty ? "" : ", approves \(p.approves.joined(separator: ", "))")
                + (p.expiresAt.map { ", expires \(ISOTime.format($0))" } ?? "")
        case let .tokenRevoked(p): "token \(p.id) of \(p.person) revoked"
        case let .accessDenied(p): "access denied: \(p.request) needs \(p.required); the token \(p.token) is \(p.role.rawValue)"
            + (p.repeated.map { " (\($0) more refusal\($0 == 1 ? "" : "s") of this person and route since the last entry, not journaled)" } ?? "")
        }
    }

    /// ` [gate fail, gate pending]` for the gates of a report that did not pass.
    static func failing(_ report: GateReport?) -> String {
        guard let report else { return "" }
        let bad = report.gates.filter { $0.result != .pass }
        guard !bad.isEmpty else { return "" }
        return " [" + bad.map { "\($0.name) \($0.result.rawValue)" }.joined(separator: ", ") + "]"
    }
}
