import Engine
import Foundation
import Playbook

/// The `StepPerformer` the command wires in: `webhook` steps to `WebhookPerformer`, `run` steps to `ProgramPerformer`.
///
/// `route`, `manual` and `wait` belong to the engine; given one, `perform` fails and says so,
/// and `describe` says what the engine would do.
public struct PlanStepPerformer: StepPerformer {
    public let webhooks: WebhookPerformer
    public let programs: ProgramPerformer

    /// - Parameters:
    ///   - environment: where `secret_env` is read and what programs inherit.
    ///   - backoff: the pause between webhook attempts.
    ///   - killGrace: how long a timed-out program has between SIGTERM and SIGKILL.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                backoff: Backoff = .standard, killGrace: Duration = .seconds(5)) {
        self.webhooks = WebhookPerformer(environment: environment, backoff: backoff)
        self.programs = ProgramPerformer(environment: environment, killGrace: killGrace)
    }

    public func perform(_ step: StepAction, event: PlanEvent, stepIndex: Int) async -> StepOutcome {
        switch step {
        case let .webhook(webhook): await webhooks.perform(webhook, event: event, stepIndex: stepIndex)
        case let .run(run): await programs.perform(run, event: event, stepIndex: stepIndex)
        case .route, .manual, .wait:
            StepOutcome(succeeded: false, summary: "\(step.keyword) steps are performed by the engine, not by an adapter", attempts: 0)
        }
    }

    public func describe(_ step: StepAction, event: PlanEvent, stepIndex: Int) -> String {
        switch step {
        case let .webhook(webhook): webhooks.describe(webhook, event: event, stepIndex: stepIndex)
        case let .run(run): programs.describe(run, event: event, stepIndex: stepIndex)
        case let .route(backend): "route every charger of \(event.cohort) to \(backend)"
        case let .manual(text): "manual: \(text) (waits for `migrate confirm`)"
        case let .wait(duration): "wait \(duration)"
        }
    }
}
