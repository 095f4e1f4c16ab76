import Engine
import Foundation
import Gates
import Playbook

/// What `advance` would do now, touching nothing: the `--dry-run` answer. The gates are evaluated and the next
/// phase's preflight judged as the real command would; who would move and who would be held back are listed even
/// when the gates do not pass yet (so the operator sees the wave before it is allowed).
public struct AdvancePreview: Sendable {
    public var cohort: String
    public var phase: String
    /// The phase the cohort would enter; nil when advancing completes it.
    public var next: String?
    public var report: GateReport
    /// The refusal the real command would meet now, if any.
    public var refusal: Refusal?
    /// Chargers the next phase's scope would route to `to`.
    public var moving: [String]
    /// Chargers it would take but its preflight holds back on `from`, and why.
    public var held: [ChargerHealth]
    /// Chargers of the cohort on `to` already.
    public var onTarget: Int
    /// Quarantined segments: left out of every scope.
    public var quarantines: [Quarantine]
    /// The preflight's lookback, when the next phase has one.
    public var preflightWindow: EvidenceWindow?
}

extension MigrationService {
    /// `advance --dry-run`: the same evaluation and decision as `advance`, written nowhere.
    public func previewAdvance(_ cohort: String, expectPhase: String? = nil, as invocation: Invocation) async throws -> AdvancePreview {
        let snapshot = try store.snapshot(of: cohort)
        let machine = snapshot.machine
        if let refusal = machine.refuseUnlessActive("advance") ?? machine.refuseUnlessIn(phase: expectPhase) { throw RefusalError(refusal) }
        let runner = runner(invocation)
        let now = invocation.now
        let report = try await runner.gateReport(for: snapshot, now: now)
        let nextIndex = snapshot.cohort.phaseIndex + 1
        let preflight = try runner.preflightReport(entering: nextIndex, machine: machine, now: now)
        var refusal: Refusal?
        if case let .refuse(r, _) = machine.advance(report, preflight: preflight, reason: "", actor: invocation.actor) { refusal = r }
        let effects = machine.scopeEffects(entering: nextIndex, preflight: preflight)
        let next = nextIndex < snapshot.playbook.phases.count ? snapshot.playbook.phases[nextIndex].name : nil
        let onTarget = snapshot.chargers.filter { snapshot.routes[$0.id] == snapshot.playbook.to }.count
        return AdvancePreview(cohort: cohort, phase: machine.phase.name, next: next, report: report, refusal: refusal,
                              moving: effects.moving, held: effects.held, onTarget: onTarget,
                              quarantines: snapshot.segments.quarantines, preflightWindow: preflight?.window)
    }
}
