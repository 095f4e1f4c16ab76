import Engine
import Foundation
import Gates

/// How hand-held the run was, from the journal and the issue records.
enum OperatingAssembly {
    static func make(_ journal: [JournalEntry], issues: [IssueLine], closed: [IssueRecord]) -> OperatingModel {
        var steps: [String: Int] = [:]
        var failed = 0
        var manual: [ManualStep] = []
        var approvals: [String: [String]] = [:]
        var actors: [String: Int] = [:]
        // One person, however spelt (`PersonName`), is one line, shown as first typed.
        var shownAs: [String: String] = [:]
        func person(_ name: String) -> String {
            let key = PersonName.key(name)
            if let shown = shownAs[key] { return shown }
            shownAs[key] = name
            return name
        }
        for e in journal {
            actors[person(e.actor), default: 0] += 1
            switch e.event {
            case let .stepStarted(p):
                steps[p.step, default: 0] += 1
                if p.step == "manual" {
                    manual.append(ManualStep(plan: p.plan.id, text: p.description, startedAt: e.at, confirmedBy: nil, confirmedAt: nil))
                }
            case .stepFailed:
                failed += 1
            case let .confirmed(p):
                if let i = manual.lastIndex(where: { $0.plan == p.plan && $0.confirmedBy == nil }) {
                    manual[i].confirmedBy = e.actor
                    manual[i].confirmedAt = e.at
                }
            case let .approved(p):
                approvals[person(e.actor), default: []].append("\(p.role) (\(p.phase))")
            default:
                break
            }
        }
        var resolved: [String: Int] = [:]
        for r in closed { resolved[r.closedBy.map(person) ?? "unknown", default: 0] += 1 }
        return OperatingModel(
            steps: steps.sorted { $0.key < $1.key }.map { Tally(name: $0.key, count: $0.value) },
            failedSteps: failed, manual: manual,
            approvals: approvals.sorted { $0.key < $1.key }.map { Tally(name: $0.key, count: $0.value.count, detail: $0.value.joined(separator: ", ")) },
            resolvedBy: tallies(resolved), openIssues: issues.count, actors: tallies(actors))
    }

    /// Most first, then by name.
    static func tallies(_ counts: [String: Int]) -> [Tally] {
        counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { Tally(name: $0.key, count: $0.value) }
    }
}
