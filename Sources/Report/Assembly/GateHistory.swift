import Engine
import Foundation
import Gates
import Playbook

/// The phases a cohort passed, and their gates, from the `advanced` and `completed` entries of its journal.
enum GateHistory {
    /// Entries since the cohort last (re)started: a restart sends it back to the first phase, so earlier passes
    /// no longer count toward where it is.
    static func currentRun(_ journal: [JournalEntry]) -> ArraySlice<JournalEntry> {
        guard let restart = journal.lastIndex(where: { $0.kind == .restarted }) else { return journal[...] }
        return journal[(restart + 1)...]
    }

    static func passed(_ journal: [JournalEntry]) -> [(entry: JournalEntry, phase: String, evidence: GateReport)] {
        currentRun(journal).compactMap { e in
            switch e.event {
            case let .advanced(p): (e, p.from, p.evidence)
            case let .completed(p): (e, p.from, p.evidence)
            default: nil
            }
        }
    }

    static func rows(_ journal: [JournalEntry], playbook: Playbook) -> (rows: [GateRow], phases: [PassedPhase]) {
        var rows: [GateRow] = []
        var phases: [PassedPhase] = []
        for (entry, phase, evidence) in passed(journal) {
            let criteria = Criterion.texts(for: evidence.gates, phase: playbook.phases.first { $0.name == phase }, playbook: playbook)
            for (g, c) in zip(evidence.gates, criteria) {
                rows.append(GateRow(phase: phase, seq: entry.seq, evaluatedAt: evidence.evaluatedAt, criterion: c, evidence: g))
            }
            phases.append(PassedPhase(phase: phase, at: entry.at, seq: entry.seq, actor: entry.actor, reason: entry.reason,
                                      gates: evidence.gates.count))
        }
        return (rows, phases)
    }
}
