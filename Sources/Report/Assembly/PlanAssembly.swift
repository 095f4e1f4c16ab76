import Engine
import Foundation
import Playbook

/// The plans as they would run, and the rollbacks that did.
enum PlanAssembly {
    static func plans(_ playbook: Playbook, phase: Phase) -> [PlanText] {
        var plans = [text("rollback", playbook.plans.rollback)]
        plans.append(text("pause", playbook.plans.pause))
        for p in playbook.phases where !p.onEnter.isEmpty {
            plans.append(text("on_enter of \(p.name)", p.onEnter))
        }
        return plans
    }

    static func text(_ name: String, _ steps: [Step]) -> PlanText {
        let manual = steps.filter { if case .manual = $0.action { true } else { false } }.count
        return PlanText(name: name, steps: steps.map(CohortMachine.describe), manualSteps: manual)
    }

    static func rollbacks(_ journal: [JournalEntry]) -> [RollbackRun] {
        var runs: [RollbackRun] = []
        for e in journal {
            switch e.event {
            case let .rollbackStarted(p):
                runs.append(RollbackRun(seq: e.seq, at: e.at, actor: e.actor, reason: e.reason ?? p.plan.reason, phase: p.phase, finishedAt: nil))
            case .rolledBack:
                if let i = runs.indices.last, runs[i].finishedAt == nil { runs[i].finishedAt = e.at }
            default:
                break
            }
        }
        return runs
    }
}
