import Foundation
import Gates
import Playbook

extension CohortRunner {
    /// Runs the phase's `check:` gates, one after the other, and puts what each observed into `inputs`. Without a
    /// check runner they stay unobserved (pending).
    func observeChecks(into inputs: inout GateInputs, snapshot: CohortSnapshot) async throws {
        guard let checks else { return }
        let context = CheckContext(cohort: snapshot.cohort.name, playbook: snapshot.playbook.name, phase: inputs.phase.name,
                                   status: snapshot.cohort.status.rawValue, actor: invocation.actor,
                                   chargers: inputs.group.map(\.id).sorted(), at: inputs.now, simulated: invocation.simulated)
        for (index, gate) in inputs.phase.gates.enumerated() {
            guard case let .check(check) = gate.kind else { continue }
            inputs.checks[index] = await checks.observe(check, context: context)
        }
    }
}
