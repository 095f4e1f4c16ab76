import Foundation
import Gates
import Playbook

extension CohortMachine {
    /// The cohort's chargers outside its quarantined segments: the ones scopes and gates consider.
    public var inScope: [Charger] {
        let quarantined = segments.quarantinedChargers
        return quarantined.isEmpty ? chargers : chargers.filter { !quarantined.contains($0.id) }
    }

    /// The scope in force in phase `index`: its own, or that of the last phase before it with one
    /// ("absent: the same chargers as the phase before"); nil when no phase up to it has one.
    public func effectiveScope(at index: Int) -> (scope: Scope, phase: Phase)? {
        let last = min(index, playbook.phases.count - 1)
        guard last >= 0 else { return nil }
        for i in stride(from: last, through: 0, by: -1) {
            if let scope = playbook.phases[i].scope { return (scope, playbook.phases[i]) }
        }
        return nil
    }

    /// The chargers entering phase `index` could route to `to`, for its preflight to judge (empty when the phase has
    /// no preflight or no scope).
    public func preflightCandidates(entering index: Int) -> [String] {
        guard playbook.phases.indices.contains(index) else { return [] }
        let phase = playbook.phases[index]
        guard phase.preflight != nil else { return [] }
        return ScopeResolver.candidates(of: phase.scope, chargers: inScope, onTarget: onTarget)
    }

    /// Scopes only widen: the chargers `scope` adds to those already on `to`, each admitted by `phase`'s preflight
    /// when it has one, and a `preflight-held` entry for those it passed over.
    func routeToTarget(scope: Scope?, phase: Phase, preflight: PreflightReport?) -> [JournalEvent] {
        Self.entering(scope: scope, phase: phase, chargers: inScope, onTarget: onTarget, preflight: preflight, playbook: playbook)
    }

    /// What entering a scope records: the route change to `to`, and the chargers a preflight held back.
    static func entering(scope: Scope?, phase: Phase, chargers: [Charger], onTarget: Set<String>, preflight: PreflightReport?,
                         playbook: Playbook) -> [JournalEvent] {
        let healthy = preflight?.healthy
        let selection = ScopeResolver.select(scope, chargers: chargers, onTarget: onTarget) { id in
            phase.preflight == nil || healthy?.contains(id) == true
        }
        var events: [JournalEvent] = []
        let added = selection.targets.subtracting(onTarget)
        if !added.isEmpty {
            events.append(.routeChanged(.init(backend: playbook.to, url: playbook.backend(named: playbook.to)?.url ?? "", chargers: added.sorted())))
        }
        if !selection.passedOver.isEmpty {
            let reasons = Dictionary((preflight?.chargers ?? []).map { ($0.charger, $0) }, uniquingKeysWith: { a, _ in a })
            let held = selection.passedOver.sorted().map { id in
                reasons[id] ?? ChargerHealth(charger: id, healthy: false, reasons: ["no preflight evidence was gathered"])
            }
            events.append(.preflightHeld(.init(phase: phase.name, window: preflight?.window, chargers: held)))
        }
        return events
    }
}

/// What entering a phase's scope would do to the routes: who moves to `to`, and who a preflight holds back.
public struct ScopeEffects: Sendable, Equatable {
    public var moving: [String]
    public var held: [ChargerHealth]
}

extension CohortMachine {
    /// What entering phase `index` would route now (`advance --dry-run`), with `preflight` judged for its candidates.
    public func scopeEffects(entering index: Int, preflight: PreflightReport?) -> ScopeEffects {
        guard playbook.phases.indices.contains(index) else { return ScopeEffects(moving: [], held: []) }
        let phase = playbook.phases[index]
        var effects = ScopeEffects(moving: [], held: [])
        for event in routeToTarget(scope: phase.scope, phase: phase, preflight: preflight) {
            switch event {
            case let .routeChanged(p): effects.moving += p.chargers
            case let .preflightHeld(p): effects.held += p.chargers
            default: break
            }
        }
        return effects
    }
}
