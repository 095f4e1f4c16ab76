import Playbook

extension CohortMachine {
    /// Moves the cohort to a new version of its playbook. The new one must keep the backends `from` and `to`
    /// and the cohort's current phase (found by name); no plan may be under way. Routes do not change:
    /// a wider scope applies when the cohort next enters a phase.
    public func upgrade(to new: Playbook, digest: String, content: String) -> Decision {
        guard digest != cohort.playbookDigest else { return .accept(record: [], runPlan: false) }
        if let plan = cohort.plan {
            return .refuse(.upgradeImpossible("the \(plan.kind.rawValue) plan is under way (step \(plan.next + 1) of \(plan.steps)); let it finish first"), record: nil)
        }
        guard new.from == playbook.from, new.to == playbook.to else {
            return .refuse(.upgradeImpossible("the new playbook moves \(new.from) → \(new.to), the cohort runs \(playbook.from) → \(playbook.to)"), record: nil)
        }
        guard let index = new.phaseIndex(named: phase.name) else {
            return .refuse(.upgradeImpossible("the new playbook has no phase \(phase.name), where the cohort is"), record: nil)
        }
        return .accept(record: [.playbookChanged(.init(playbook: new.name, fromDigest: cohort.playbookDigest, digest: digest,
                                                      content: content, phaseIndex: index))], runPlan: false)
    }
}
