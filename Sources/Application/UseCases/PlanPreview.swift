import Engine
import Foundation
import Playbook

/// What `pause` or `rollback` would do, step by step, touching nothing: the `--dry-run` answer.
public struct PlanPreview: Sendable {
    public var kind: PlanKind
    public var cohort: String
    public var status: CohortStatus
    public var phase: String
    /// The plan under way that the command would carry on, from step `firstStep`.
    public var carriesOn: PlanRun?
    public var firstStep: Int
    public var steps: [Step]
    /// Chargers of the cohort and the backend a rollback ends on.
    public var chargers: Int
    public var from: String
    /// Chargers a rollback would still route back at its end, beyond its route steps.
    public var routedBackAtEnd: [String]

    public struct Step: Sendable {
        public var index: Int
        public var description: String
        public var effect: Effect
    }

    public enum Effect: Sendable {
        /// Chargers whose route would change, and to where.
        case route(backend: String, chargers: [String])
        /// The rendered request line, headers and body; or the command line.
        case reach(String)
        case awaitConfirmation
        case wait(PlaybookDuration)
    }
}

extension MigrationService {
    /// What `pause` (`kind` .pause) or `rollback` would do now: the same decision the real command takes (a
    /// refusal is thrown as one), each step rendered, the routes it would change; nothing is written.
    public func preview(_ kind: PlanKind, of cohort: String, reason: String, as invocation: Invocation) throws -> PlanPreview {
        let snapshot = try store.snapshot(of: cohort)
        let machine = snapshot.machine
        let decision = kind == .pause ? machine.pause(reason: reason, actor: invocation.actor)
            : machine.rollback(reason: reason, actor: invocation.actor)
        if case let .refuse(refusal, _) = decision { throw RefusalError(refusal) }
        let steps = kind == .pause ? snapshot.playbook.plans.pause : snapshot.playbook.plans.rollback
        // Run again on an unfinished plan, the command carries it on from the step it stopped at.
        let carryOn = snapshot.cohort.plan.flatMap { $0.kind == kind ? $0 : nil }
        let first = carryOn?.next ?? 0
        let run = carryOn ?? PlanRun(id: "\(cohort)/\(kind.rawValue)/\(snapshot.cohort.version)", kind: kind, phase: machine.phase.name,
                                     fromPhase: machine.phase.name, reason: reason, actor: invocation.actor, steps: steps.count)
        let event = PlanEvent(plan: kind, planRun: run.id, cohort: cohort, playbook: snapshot.playbook.name, phase: run.phase,
                              fromPhase: run.fromPhase, status: kind == .pause ? CohortStatus.paused.rawValue : CohortStatus.rollingBack.rawValue,
                              reason: reason, actor: run.actor, at: invocation.now, simulated: invocation.simulated)
        var routes = snapshot.routes
        var previewed: [PlanPreview.Step] = []
        for (i, step) in steps.enumerated() where i >= first {
            let effect: PlanPreview.Effect
            switch step.action {
            case let .route(backend):
                let moving = snapshot.chargers.map(\.id).filter { routes[$0] != backend }
                for id in moving { routes[id] = backend }
                effect = .route(backend: backend, chargers: moving)
            case .webhook, .run:
                effect = .reach(outside.performer?.describe(step.action, event: event, stepIndex: i) ?? "(no performer configured)")
            case .manual: effect = .awaitConfirmation
            case let .wait(d): effect = .wait(d)
            }
            previewed.append(PlanPreview.Step(index: i, description: CohortMachine.describe(step), effect: effect))
        }
        let from = snapshot.playbook.from
        let stray = kind == .rollback ? snapshot.chargers.map(\.id).filter { routes[$0] != from } : []
        return PlanPreview(kind: kind, cohort: cohort, status: snapshot.cohort.status, phase: machine.phase.name, carriesOn: carryOn,
                           firstStep: first, steps: previewed, chargers: snapshot.chargers.count, from: from, routedBackAtEnd: stray)
    }
}
