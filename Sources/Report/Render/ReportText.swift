import Foundation
import Gates
import Playbook

/// Texts both renderers share, so Markdown and HTML say the same things.
enum ReportText {
    static let title = "Checkpoint report"

    static func subtitle(_ r: CheckpointReport) -> String {
        let position = (r.phases.firstIndex(of: r.phase).map { "\($0 + 1) of \(r.phases.count)" }) ?? "?"
        return "cohort \(r.cohort) · playbook \(r.playbook) (\(r.playbookDigest.prefix(12))) · phase \(r.phase) (\(position)) · status \(r.status) · \(r.chargers) chargers · \(r.from) → \(r.to) · as of \(ReportFormat.time(r.now))"
    }

    static let questions = [
        "1. Did the platform meet the written success criteria?",
        "2. Which issues remain open?",
        "3. Are they pilot-specific or fleet-wide risks?",
        "4. Does scale-up need extra architecture or process?",
        "5. What is the rollback or pause plan if rollout stalls?",
    ]

    static let gateHeader = ["phase", "gate", "criterion", "value", "threshold", "samples", "window", "result", "evaluated", "entry"]

    static func gateCells(_ row: GateRow) -> [String] {
        let g = row.evidence
        return [row.phase, gateName(g), row.criterion, ReportFormat.value(g),
                ReportFormat.threshold(g), ReportFormat.number(g.samples), ReportFormat.window(g.window),
                ReportFormat.verdict(g.result), ReportFormat.time(row.evaluatedAt), row.seq.map { "#\($0)" } ?? "now"]
    }

    /// The metric's name for metric gates; otherwise the kind, then what the gate is about when that adds something.
    static func gateName(_ g: GateResult) -> String {
        g.kind == "metric" || g.name.hasPrefix(g.kind) ? g.name : "\(g.kind): \(g.name)"
    }

    /// A gate's detail without its name repeated in front.
    static func detail(_ g: GateResult) -> String {
        g.detail.hasPrefix(g.name + ": ") ? String(g.detail.dropFirst(g.name.count + 2)) : g.detail
    }

    static func criteria(_ c: CriteriaAnswer) -> [String] {
        var lines: [String] = []
        if c.passedPhases.isEmpty {
            lines.append("No phase passed yet.")
        } else {
            lines.append("Phases passed: " + c.passedPhases.map {
                "\($0.phase) on \(ReportFormat.time($0.at)) (\(ReportFormat.plural($0.gates, "gate")) passed, by \($0.actor), entry #\($0.seq))"
            }.joined(separator: "; ") + ".")
        }
        if c.total == 0 {
            lines.append("Phase \(c.phase) has no gates.")
        } else {
            var now = "Phase \(c.phase) now: \(c.passing.count) of \(c.total) gates pass"
            if !c.failing.isEmpty { now += "; failing: " + c.failing.joined(separator: ", ") }
            if !c.pending.isEmpty { now += "; pending: " + c.pending.joined(separator: ", ") }
            lines.append(now + ".")
        }
        return lines
    }

    static let issueHeader = ["issue", "severity", "scope", "owner", "age", "cohort", "title"]

    static func issueCells(_ i: IssueLine) -> [String] {
        [i.id, i.severity.rawValue, i.scope == nil ? "UNCLASSIFIED" : i.scopeText, i.owner ?? "nobody", "\(i.ageDays)d",
         i.cohort ?? "all", i.title]
    }

    static func scopes(_ a: Answers) -> String {
        if a.openIssues.isEmpty { return "No open issue, so none to classify." }
        var s = "Of \(ReportFormat.plural(a.openIssues.count, "open issue")): \(a.pilotSpecific.count) pilot-specific, \(a.fleetWide.count) fleet-wide"
        s += a.unclassified.isEmpty ? "; every one is classified." :
            ", \(a.unclassified.count) UNCLASSIFIED (" + a.unclassified.map(\.id).joined(separator: ", ") + "): nobody has said whether they would follow the fleet."
        return s
    }

    /// Question 3, continued: the segments quarantined and the chargers held back, one sentence each.
    static func segments(_ a: Answers, from: String) -> [String] {
        var lines = a.quarantined.map { q -> String in
            var s = "Segment \(q.segment) was quarantined on \(ReportFormat.time(q.since)) in \(q.phase) (entry #\(q.seq)): \(q.detail). "
                + "A risk specific to that segment, not to the fleet: its \(ReportFormat.plural(q.chargers, "charger")) were set aside on \(from) and the rest of the cohort carried on"
            if let r = q.released {
                s += "; released on \(ReportFormat.time(r.at)) by \(r.actor)" + (r.reason.map { " (\($0))" } ?? "") + " (entry #\(r.seq))."
            } else {
                s += "; still quarantined."
            }
            return s
        }
        for h in a.heldBack {
            lines.append("\(h.charger): unhealthy before the move — not evidence against the new platform (held back on \(from) by the preflight of \(h.phase) since \(ReportFormat.time(h.since)): \(h.reasons.joined(separator: "; "))).")
        }
        return lines
    }

    /// Added to the decision when chargers are set aside: they are not part of it.
    static func setAside(quarantined: [SegmentLine], held: [HeldLine], from: String) -> String {
        let open = quarantined.filter { $0.released == nil }
        var parts: [String] = []
        if !open.isEmpty {
            parts.append("quarantined " + open.map { "\($0.segment) (\(ReportFormat.plural($0.chargers, "charger")))" }.joined(separator: ", "))
        }
        if !held.isEmpty { parts.append("\(ReportFormat.plural(held.count, "charger")) unhealthy before the move") }
        return parts.isEmpty ? "" : " Set aside on \(from), not part of this decision: " + parts.joined(separator: "; ") + "."
    }

    /// Rows under a `by:` gate's row in the gate table, one per segment.
    static func segmentCells(_ row: GateRow) -> [[String]] {
        let g = row.evidence
        return (g.segments ?? []).map { s in
            [row.phase, "↳ \(g.by ?? "")=\(s.segment)", "", ReportFormat.number(s.value), ReportFormat.threshold(g), ReportFormat.number(s.samples),
             "", ReportFormat.verdict(s.result), "", ""]
        }
    }

    static func rollback(_ runs: [RollbackRun]) -> String {
        guard !runs.isEmpty else { return "A rollback was never exercised on this cohort: the plan above has not been tried." }
        return "A rollback was exercised \(runs.count == 1 ? "once" : "\(runs.count) times"): " + runs.map {
            "started \(ReportFormat.time($0.at)) by \($0.actor) from \($0.phase)" + ($0.reason.map { " (\($0))" } ?? "")
                + ($0.finishedAt.map { ", rolled back \(ReportFormat.time($0))" } ?? ", NOT finished") + " (entry #\($0.seq))"
        }.joined(separator: "; ") + "."
    }

    static let coverageHeader = ["fleet", "cohort", "ever on target", "on target now"]

    static func verification(_ v: JournalVerification) -> String {
        v.ok ? "The journal verified: \(v.entries) entries, hash chain intact, the tables follow from the journal"
            + (v.lastHash.map { " (last hash \($0.prefix(16))…)" } ?? "")
            + ". The metric samples are checked by migrate verify, not by this report."
            : "The journal did NOT verify: \(v.problem ?? "unknown problem"). Do not trust this report until it does."
    }

    static func operating(_ o: OperatingModel) -> [String] {
        var lines: [String] = []
        if o.totalSteps == 0 {
            lines.append("No plan step ran.")
        } else {
            lines.append("\(ReportFormat.plural(o.totalSteps, "plan step")) ran, \(o.manualSteps) of them manual ("
                         + o.steps.map { "\($0.name) \($0.count)" }.joined(separator: ", ") + ")"
                         + (o.failedSteps > 0 ? "; \(ReportFormat.plural(o.failedSteps, "step")) failed and had to be retried." : "."))
        }
        for m in o.manual {
            lines.append("Manual step of \(m.plan): \"\(m.text)\" — " + (m.confirmedBy.map { "confirmed by \($0) at \(ReportFormat.time(m.confirmedAt))" } ?? "NOT confirmed yet") + ".")
        }
        lines.append(o.approvals.isEmpty ? "No approval was given." :
            "Approvals: " + o.approvals.map { "\($0.name): \($0.detail ?? "")" }.joined(separator: "; ") + ".")
        lines.append(o.resolvedBy.isEmpty ? "No issue was resolved." :
            "Issues resolved: " + o.resolvedBy.map { "\($0.count) by \($0.name)" }.joined(separator: ", ") + "; \(o.openIssues) still open.")
        lines.append("Journal entries by actor: " + o.actors.map { "\($0.name) \($0.count)" }.joined(separator: ", ") + ".")
        return lines
    }

    static func chartCaption(_ c: MetricChart) -> String {
        var s = "\(c.metric): daily value, \(c.atLeast ? "at least" : "at most") \(formatNumber(c.threshold))"
        if let b = c.controlBackend { s += ", against the fleet on \(b)" }
        return s
    }

    /// Said under a chart whose cohort line is empty while the control line is not.
    static func groupEmpty(_ c: MetricChart, cohort: String, to: String) -> String? {
        if c.note == nil, let note = c.groupNote { return "The \(cohort) line is \(note)." }
        guard c.note == nil, !c.group.contains(where: { $0.value != nil }) else { return nil }
        return "\(cohort) has no daily value: none of its chargers is on \(to) now; only the fleet's line is drawn."
    }
}
