import Foundation
import Gates
import Playbook

extension CohortRunner {
    /// `preflight` judged now for `candidates` (each on its own samples over the lookback); nil when there is no
    /// preflight or no candidate.
    public func preflightReport(_ preflight: Preflight?, phase: String, candidates: [String], playbook: Playbook,
                                now: Date) throws -> PreflightReport? {
        guard let preflight, !candidates.isEmpty else { return nil }
        var forms: [String: MetricForm] = [:]
        for criterion in preflight.metrics { forms[criterion.metric] = playbook.metric(named: criterion.metric)?.form }
        let names = Array(Set(forms.values.flatMap(\.sampleNames))).sorted()
        let window = PreflightInputs.window(preflight, now: now)
        var totals: [String: SampleTotals] = [:]
        var seen = Set<String>()
        if let samples {
            if !names.isEmpty { totals = try samples.totalsByCharger(of: names, chargers: candidates, window: window) }
            if let recent = PreflightInputs.seenWindow(preflight, now: now) { seen = try samples.chargersSeen(candidates, window: recent) }
        }
        return PreflightEvaluator.evaluate(PreflightInputs(phase: phase, preflight: preflight, forms: forms, window: window,
                                                           candidates: candidates, totals: totals, seen: seen))
    }

    /// The preflight of the phase a command is about to enter (`index`), judged for the chargers its scope could take.
    public func preflightReport(entering index: Int, machine: CohortMachine, now: Date) throws -> PreflightReport? {
        guard index < machine.playbook.phases.count else { return nil }
        let phase = machine.playbook.phases[index]
        return try preflightReport(phase.preflight, phase: phase.name, candidates: machine.preflightCandidates(entering: index),
                                   playbook: machine.playbook, now: now)
    }
}
