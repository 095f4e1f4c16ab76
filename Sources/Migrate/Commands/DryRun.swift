import Engine
import Foundation
import Playbook
import Store

/// `--dry-run` for pause and rollback: every step, rendered, and the route changes; touching nothing.
enum DryRun {
    static func print(_ kind: PlanKind, cohort: String, reason: String, global: GlobalOptions) throws {
        let context = try Context(global)
        let snapshot = try context.store.snapshot(of: cohort)
        let machine = snapshot.machine
        // The same decision the real command takes: a refusal is a refusal here too.
        let decision = kind == .pause ? machine.pause(reason: reason, actor: context.invocation.actor)
            : machine.rollback(reason: reason, actor: context.invocation.actor)
        if case let .refuse(refusal, _) = decision { throw RefusalError(refusal) }
        let steps = kind == .pause ? snapshot.playbook.plans.pause : snapshot.playbook.plans.rollback
        // Run again on an unfinished plan, the command carries it on from the step it stopped at.
        let carryOn = snapshot.cohort.plan.flatMap { $0.kind == kind && machine.planIsLive($0) ? $0 : nil }
        let first = carryOn?.next ?? 0
        let run = PlanRun(id: "\(cohort)/\(kind.rawValue)/\(snapshot.cohort.version)", kind: kind, phase: machine.phase.name,
                          fromPhase: machine.phase.name, reason: reason, actor: context.invocation.actor, steps: steps.count)
        let event = PlanEvent(plan: kind, planRun: run.id, cohort: cohort, playbook: snapshot.playbook.name, phase: run.phase,
                              fromPhase: run.fromPhase, status: kind == .pause ? "paused" : "rolling-back", reason: reason,
                              actor: run.actor, at: context.invocation.now, simulated: context.invocation.simulated)
        Swift.print("dry run: \(kind.rawValue) of cohort \(cohort) (\(snapshot.cohort.status.rawValue) in \(machine.phase.name)); nothing will change")
        var routes = snapshot.routes
        if let carryOn { Swift.print("the \(kind.rawValue) plan \(carryOn.id) is under way: it carries on from step \(first + 1)") }
        for (i, step) in steps.enumerated() where i >= first {
            Swift.print("step \(i + 1)/\(steps.count): \(CohortMachine.describe(step))")
            switch step.action {
            case let .route(backend):
                let moving = snapshot.chargers.map(\.id).filter { routes[$0] != backend }
                Swift.print("  would route \(moving.count) chargers to \(backend)" + (moving.isEmpty ? "" : ": " + moving.prefix(10).joined(separator: ", ") + (moving.count > 10 ? ", …" : "")))
                for id in moving { routes[id] = backend }
            case .webhook, .run:
                let text = Wiring.performer()?.describe(step.action, event: event, stepIndex: i) ?? "  (no performer configured)"
                Swift.print(text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
            case .manual: Swift.print("  would wait for `migrate confirm \(cohort)`")
            case let .wait(d): Swift.print("  would wait \(d)")
            }
        }
        if steps.isEmpty { Swift.print("the \(kind.rawValue) plan has no steps") }
        if kind == .rollback {
            let stray = snapshot.chargers.map(\.id).filter { routes[$0] != snapshot.playbook.from }
            if !stray.isEmpty { Swift.print("at the end: \(stray.count) chargers still off \(snapshot.playbook.from) would be routed back to it") }
            Swift.print("the cohort would end rolled-back with all \(snapshot.chargers.count) chargers on \(snapshot.playbook.from)")
        }
    }
}
