import Foundation
import Gates
import Playbook

extension CohortMachine {
    /// What an evaluation does about a failing `report`: the gravest `on_fail` among the failing gates (rollback,
    /// then pause, then quarantine, then hold), each gate's own or else the phase's.
    public func onFail(for report: GateReport) -> GateOnFail {
        let own = gateResults(of: report)
        var actions: [GateOnFail] = []
        for (index, result) in report.gates.enumerated() where result.result == .fail {
            let gate = own[index].flatMap { i in phase.gates.indices.contains(i) ? phase.gates[i] : nil }
            if case let .metric(metric)? = gate?.kind, let action = metric.onFail {
                actions.append(action)
            } else {
                actions.append(GateOnFail(rawValue: phase.onFail.rawValue) ?? .hold)
            }
        }
        for grave in [GateOnFail.rollback, .pause, .quarantine] where actions.contains(grave) { return grave }
        return .hold
    }

    /// The index in `phase.gates` of each result of `report` (nil for the soak), when the report is of this phase.
    func gateResults(of report: GateReport) -> [Int?] {
        let offset = phase.soak == nil ? 0 : 1
        guard report.phase == phase.name, report.gates.count == phase.gates.count + offset else {
            return report.gates.map { _ in nil }
        }
        return report.gates.indices.map { $0 < offset ? nil : $0 - offset }
    }

    /// Quarantines the failing segments of the failing `on_fail: quarantine` gates: every charger of the cohort in
    /// such a segment is recorded (`segment-quarantined`, with the evidence), those on `to` go back to `from` in the
    /// same commit, and the cohort carries on with the rest. Nothing to quarantine: a plain refusal (hold).
    func quarantine(_ report: GateReport) -> Decision {
        let own = gateResults(of: report)
        let quarantined = segments.quarantinedChargers
        var chosen: [JournalEvent.SegmentQuarantined.Segment] = []
        var taken = Set<String>()
        for (index, result) in report.gates.enumerated() where result.result == .fail {
            guard let i = own[index], case let .metric(gate) = phase.gates[i].kind, gate.onFail == .quarantine,
                  let attribute = gate.by else { continue }
            for segment in result.segments ?? [] where segment.result == .fail {
                let members = chargers.filter {
                    ($0.attributes[attribute] ?? SegmentEvidence.none) == segment.segment && !quarantined.contains($0.id) && !taken.contains($0.id)
                }.map(\.id).sorted()
                guard !members.isEmpty else { continue }
                taken.formUnion(members)
                chosen.append(.init(attribute: attribute, value: segment.segment, gate: gate.metric, detail: segment.detail, chargers: members))
            }
        }
        guard !chosen.isEmpty else { return .refuse(.gatesNotPassed(.fail), record: nil) }
        var events: [JournalEvent] = [.segmentQuarantined(.init(phase: phase.name, segments: chosen, evidence: report))]
        let back = taken.filter { routes[$0] == playbook.to }.sorted()
        if !back.isEmpty {
            events.append(.routeChanged(.init(backend: playbook.from, url: playbook.backend(named: playbook.from)?.url ?? "", chargers: back)))
        }
        return .accept(record: events, runPlan: false)
    }

    /// The chargers a release of `attribute`=`value` lets the current scope route, for its preflight to judge.
    public func releaseCandidates(attribute: String, value: String) -> [String] {
        guard cohort.status == .active || cohort.status == .completed, let released = segments.quarantine(attribute: attribute, value: value),
              let (scope, _) = effectiveScope(at: cohort.phaseIndex), routingPhase.preflight != nil else { return [] }
        return ScopeResolver.candidates(of: scope, chargers: afterRelease(released).inScope, onTarget: onTarget)
    }

    /// The phase whose preflight applies when the current phase routes chargers outside a phase change (a release):
    /// the current phase when it has a preflight, else the phase whose scope is in force.
    public var routingPhase: Phase {
        phase.preflight != nil ? phase : effectiveScope(at: cohort.phaseIndex)?.phase ?? phase
    }

    /// Lets a quarantined segment back in: journaled, and while the cohort is active (or completed) the scope in force
    /// routes its chargers again, each after the preflight (`releaseCandidates` says whom to judge). A rolled-back
    /// cohort only forgets the quarantine (its next restart routes them); paused or rolling back: refused.
    public func release(attribute: String, value: String, preflight: PreflightReport? = nil) -> Decision {
        guard [.active, .completed, .rolledBack].contains(cohort.status) else {
            return .refuse(.wrongStatus(cohort.status, command: "release a segment of", needs: [.active, .completed, .rolledBack]), record: nil)
        }
        guard let released = segments.quarantine(attribute: attribute, value: value) else {
            return .refuse(.notQuarantined(segment: "\(attribute)=\(value)", quarantined: segments.quarantines.map(\.name)), record: nil)
        }
        var events: [JournalEvent] = [.segmentReleased(.init(phase: phase.name, attribute: attribute, value: value, chargers: released.chargers))]
        if cohort.status != .rolledBack, let (scope, _) = effectiveScope(at: cohort.phaseIndex) {
            events += Self.entering(scope: scope, phase: routingPhase, chargers: afterRelease(released).inScope, onTarget: onTarget,
                                    preflight: preflight, playbook: playbook)
        }
        return .accept(record: events, runPlan: false)
    }

    /// This machine as it will be once `released` is no longer quarantined.
    private func afterRelease(_ released: Quarantine) -> CohortMachine {
        var rest = segments
        rest.quarantines.removeAll { $0.attribute == released.attribute && $0.value == released.value }
        return CohortMachine(cohort: cohort, playbook: playbook, chargers: chargers, routes: routes, segments: rest)
    }
}
