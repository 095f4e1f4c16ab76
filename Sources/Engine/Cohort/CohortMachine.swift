import Foundation
import Gates
import Playbook

/// The cohort state machine. A value: it reads the cohort, its playbook, its chargers and routes,
/// and decides. One function per command, each returning a refusal or the entries to append;
/// it never touches a store, a clock or the network (the runner does).
public struct CohortMachine: Sendable {
    public let cohort: Cohort
    public let playbook: Playbook
    /// The cohort's chargers with their attributes.
    public let chargers: [Charger]
    /// Charger id → backend name, for the cohort's chargers.
    public let routes: [String: String]

    public init(cohort: Cohort, playbook: Playbook, chargers: [Charger], routes: [String: String]) {
        self.cohort = cohort
        self.playbook = playbook
        self.chargers = chargers
        self.routes = routes
    }

    public var phase: Phase { playbook.phases[min(cohort.phaseIndex, playbook.phases.count - 1)] }
    var onTarget: Set<String> { Set(chargers.lazy.filter { routes[$0.id] == playbook.to }.map(\.id)) }

    // MARK: Creating

    /// The entries that create cohort `name` of `chargers` on `playbook`: every charger routed to `from`,
    /// then the first phase's scope to `to`, and its `on_enter` plan.
    public static func create(name: String, playbook: Playbook, digest: String, content: String, selector: String,
                              chargers: [Charger], actor: String, reason: String) -> [JournalEvent] {
        let first = playbook.phases[0]
        let ids = chargers.map(\.id).sorted()
        let plan = first.onEnter.isEmpty ? nil
            : PlanRun(id: "\(name)/enter/0", kind: .enter, phase: first.name, fromPhase: first.name,
                      reason: reason, actor: actor, steps: first.onEnter.count)
        var events: [JournalEvent] = [
            .created(.init(playbook: playbook.name, digest: digest, content: content, selector: selector,
                           chargers: ids, phase: first.name, plan: plan)),
            .routeChanged(.init(backend: playbook.from, url: playbook.backend(named: playbook.from)?.url ?? "", chargers: ids)),
        ]
        let targets = ScopeResolver.targets(of: first.scope, chargers: chargers, onTarget: [])
        if !targets.isEmpty {
            events.append(.routeChanged(.init(backend: playbook.to, url: playbook.backend(named: playbook.to)?.url ?? "", chargers: targets.sorted())))
        }
        return events
    }

    // MARK: Moving forward

    /// Leaves the phase for the next (or completes the cohort) when every gate passed on `report`.
    public func advance(_ report: GateReport, reason: String, actor: String) -> Decision {
        if let refusal = refuseUnlessActive("advance") { return .refuse(refusal, record: nil) }
        guard report.phase == phase.name else {
            return .refuse(.staleReport(expected: phase.name, got: report.phase), record: nil)
        }
        guard report.result == .pass else {
            let refusal = Refusal.gatesNotPassed(report.result)
            return .refuse(refusal, record: .blocked(.init(phase: phase.name, command: "advance", message: refusal.description, evidence: report)))
        }
        if case let .active(entering: plan?) = cohort.state {
            return .refuse(.planUnfinished(plan: "on_enter", step: plan.next, of: plan.steps), record: nil)
        }
        let nextIndex = cohort.phaseIndex + 1
        guard nextIndex < playbook.phases.count else {
            return .accept(record: [.completed(.init(from: phase.name, evidence: report))], runPlan: false)
        }
        let next = playbook.phases[nextIndex]
        let plan = next.onEnter.isEmpty ? nil
            : PlanRun(id: "\(cohort.name)/enter/\(cohort.version)", kind: .enter, phase: next.name, fromPhase: phase.name,
                      reason: reason, actor: actor, steps: next.onEnter.count)
        var events: [JournalEvent] = [.advanced(.init(from: phase.name, to: next.name, toIndex: nextIndex, evidence: report, plan: plan))]
        events += routeToTarget(scope: next.scope)
        return .accept(record: events, runPlan: plan != nil)
    }

    /// One pass of automation: a failed gate triggers `on_fail`; `promote: auto` advances once every gate passes.
    /// Anything else (hold, pending, manual promotion) changes nothing.
    public func evaluate(_ report: GateReport, actor: String) -> Decision {
        if let refusal = refuseUnlessActive("evaluate") { return .refuse(refusal, record: nil) }
        switch report.result {
        case .fail:
            let failed = report.gates.filter { $0.result == .fail }.map(\.name).joined(separator: ", ")
            let reason = "gate failed: \(failed)"
            switch phase.onFail {
            case .hold: return .refuse(.gatesNotPassed(.fail), record: nil)
            case .pause: return pause(reason: reason, actor: actor, evidence: report)
            case .rollback: return rollback(reason: reason, actor: actor, evidence: report)
            }
        case .pending:
            return .refuse(.gatesNotPassed(.pending), record: nil)
        case .pass:
            guard phase.promote == .auto else { return .accept(record: [], runPlan: false) }
            return advance(report, reason: "promote: auto", actor: actor)
        }
    }

    /// Scopes only widen: the chargers the scope adds to those already on `to`.
    func routeToTarget(scope: Scope?) -> [JournalEvent] {
        let current = onTarget
        let added = ScopeResolver.targets(of: scope, chargers: chargers, onTarget: current).subtracting(current)
        guard !added.isEmpty else { return [] }
        return [.routeChanged(.init(backend: playbook.to, url: playbook.backend(named: playbook.to)?.url ?? "", chargers: added.sorted()))]
    }

    /// The refusal of `advance --expect-phase PHASE` when the cohort is elsewhere, or nil.
    public func refuseUnlessIn(phase expected: String?) -> Refusal? {
        guard let expected, expected != phase.name else { return nil }
        return .notInExpectedPhase(expected: expected, actual: phase.name)
    }

    /// The refusal of `command` for a cohort that is not active, or nil when it is.
    public func refuseUnlessActive(_ command: String) -> Refusal? {
        cohort.status == .active ? nil : .wrongStatus(cohort.status, command: command, needs: [.active])
    }

    // MARK: Stopping and going back

    /// Pauses an active cohort and starts the pause plan. On a paused cohort whose pause plan
    /// did not finish, carries the plan on.
    public func pause(reason: String, actor: String, evidence: GateReport? = nil) -> Decision {
        if case .paused(plan: _?) = cohort.state {
            return .accept(record: [], runPlan: true)
        }
        if let refusal = refuseUnlessActive("pause") { return .refuse(refusal, record: nil) }
        let steps = playbook.plans.pause.count
        let plan = PlanRun(id: "\(cohort.name)/pause/\(cohort.version)", kind: .pause, phase: phase.name, fromPhase: phase.name,
                           reason: reason, actor: actor, steps: steps)
        return .accept(record: [.paused(.init(phase: phase.name, plan: plan, evidence: evidence))], runPlan: steps > 0)
    }

    /// A paused cohort becomes active again (an unfinished pause plan is left where it stopped).
    public func resume() -> Decision {
        guard cohort.status == .paused else {
            return .refuse(.wrongStatus(cohort.status, command: "resume", needs: [.paused]), record: nil)
        }
        return .accept(record: [.resumed(.init(phase: phase.name))], runPlan: false)
    }

    /// Starts the rollback plan; on a cohort already rolling back, carries the plan on from where it stopped.
    public func rollback(reason: String, actor: String, evidence: GateReport? = nil) -> Decision {
        switch cohort.status {
        case .rollingBack:
            return .accept(record: [], runPlan: true)
        case .rolledBack:
            return .refuse(.wrongStatus(.rolledBack, command: "roll back", needs: [.active, .paused, .completed]), record: nil)
        case .active, .paused, .completed:
            let plan = PlanRun(id: "\(cohort.name)/rollback/\(cohort.version)", kind: .rollback, phase: phase.name,
                               fromPhase: phase.name, reason: reason, actor: actor, steps: playbook.plans.rollback.count)
            return .accept(record: [.rollbackStarted(.init(phase: phase.name, plan: plan, evidence: evidence))], runPlan: true)
        }
    }

    /// A rolled-back cohort starts again at the first phase.
    public func restart(reason: String, actor: String) -> Decision {
        guard cohort.status == .rolledBack else {
            return .refuse(.wrongStatus(cohort.status, command: "restart", needs: [.rolledBack]), record: nil)
        }
        let first = playbook.phases[0]
        let plan = first.onEnter.isEmpty ? nil
            : PlanRun(id: "\(cohort.name)/enter/\(cohort.version)", kind: .enter, phase: first.name, fromPhase: phase.name,
                      reason: reason, actor: actor, steps: first.onEnter.count)
        var events: [JournalEvent] = [.restarted(.init(from: phase.name, phase: first.name, plan: plan))]
        events += routeToTarget(scope: first.scope)
        return .accept(record: events, runPlan: plan != nil)
    }

    /// Confirms the manual step the cohort's plan waits on, and carries the plan on.
    public func confirm(note: String?) -> Decision {
        guard let plan = cohort.plan, !plan.isFinished, plan.stepStarted,
              case let .manual(text) = steps(of: plan)[plan.next].action
        else { return .refuse(.nothingToConfirm, record: nil) }
        let step = "manual"
        return .accept(record: [
            .confirmed(.init(plan: plan.id, index: plan.next, text: text, note: note)),
            .stepFinished(.init(plan: plan.id, index: plan.next, step: step,
                                outcome: StepOutcome(succeeded: true, summary: "confirmed" + (note.map { ": \($0)" } ?? "")))),
        ], runPlan: true)
    }

    /// Records `actor`'s approval of the current phase in `role`, if the phase asks for it. One person may
    /// approve in several roles; the approvals gate counts them once.
    public func approve(role: String, note: String?) -> Decision {
        guard [.active, .paused, .rollingBack].contains(cohort.status) else {
            return .refuse(.wrongStatus(cohort.status, command: "approve", needs: [.active, .paused, .rollingBack]), record: nil)
        }
        let roles = phase.gates.flatMap { gate -> [String] in
            if case let .approvals(a) = gate.kind { return a.roles }
            return []
        }
        guard roles.contains(role) else { return .refuse(.approvalNotAsked(phase: phase.name, role: role, roles: roles), record: nil) }
        return .accept(record: [.approved(.init(phase: phase.name, role: role, note: note))], runPlan: false)
    }

    /// The steps of a plan run.
    public func steps(of plan: PlanRun) -> [Step] {
        switch plan.kind {
        case .pause: playbook.plans.pause
        case .rollback: playbook.plans.rollback
        case .enter: playbook.phases.first { $0.name == plan.phase }?.onEnter ?? []
        }
    }
}
