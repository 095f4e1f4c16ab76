import Engine
import Foundation
import Gates
import Playbook

/// Runs `check:` gates for the engine: HTTP checks through `HTTPCheckFetch`, program checks through `ProgramRun`
/// (the process handling plan `run` steps use). Templates are filled as in plan steps, plus `{{chargers}}`; nothing
/// goes through a shell. It reports what it observed; the gate is judged by `GateEvaluator`.
public struct GateCheckPerformer: CheckPerforming {
    /// Inherited by programs; its `PATH` resolves a program name without a `/`.
    public var environment: [String: String]
    /// After a program's timeout: SIGTERM, then SIGKILL this much later.
    public var killGrace: Duration

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, killGrace: Duration = .seconds(5)) {
        self.environment = environment
        self.killGrace = killGrace
    }

    public func observe(_ check: CheckGate, context: CheckContext) async -> CheckObservation {
        let renderer = TemplateRenderer(values: context.templateValues)
        switch check.probe {
        case let .http(probe):
            return await HTTPCheckFetch.observe(probe, timeout: check.timeout, renderer: renderer)
        case let .run(command):
            return await run(command, timeout: check.timeout, renderer: renderer, context: context)
        }
    }

    private func run(_ command: [String], timeout: PlaybookDuration, renderer: TemplateRenderer, context: CheckContext) async -> CheckObservation {
        let program = command.first ?? ""
        var arguments: [String] = []
        do {
            for argument in command.dropFirst() { arguments.append(try renderer.render(argument, for: .argument)) }
        } catch {
            return CheckObservation(outcome: .notStarted("\(error)"), target: "run " + ProgramPerformer.displayCommand(command))
        }
        let target = "run " + ProgramPerformer.displayCommand([program] + arguments)
        let performer = ProgramPerformer(environment: environment, killGrace: killGrace)
        guard let path = performer.resolve(program) else {
            return CheckObservation(outcome: .notStarted("program not found\(program.contains("/") ? "" : " in PATH") (or not executable)"), target: target)
        }
        var childEnvironment = environment
        for (name, value) in Self.environmentAdditions(context) { childEnvironment[name] = value }
        let limit = CheckObservation.excerptLimit
        switch await ProgramRun.start(path: path, arguments: arguments, environment: childEnvironment, timeout: .seconds(timeout.seconds),
                                      killGrace: killGrace, outputLimit: limit, headLimit: limit) {
        case let .failure(failure):
            return CheckObservation(outcome: .notStarted(failure.description), target: target)
        case let .success(run):
            let (head, total) = run.output.start
            let excerpt = CheckObservation.excerpt(of: head, total: total)
            let elapsed = Double(run.elapsed.components.seconds) + Double(run.elapsed.components.attoseconds) / 1e18
            let outcome: CheckObservation.Outcome = switch run.end {
            case let .exited(code): .exited(code)
            case let .signaled(signal): .signaled(signal)
            case .timedOut: .timedOut
            case .cancelled: .notStarted("cancelled: migrate is stopping")
            case let .other(status): .notStarted("ended with status \(status)")
            }
            return CheckObservation(outcome: outcome, target: target, excerpt: excerpt, elapsed: elapsed)
        }
    }

    /// What a program check finds in its environment besides what it inherits: `MIGRATE_COHORT`, `MIGRATE_PLAYBOOK`,
    /// `MIGRATE_PHASE`, `MIGRATE_STATUS`, `MIGRATE_ACTOR`, `MIGRATE_AT` (ISO 8601 UTC), `MIGRATE_SIMULATED`, `MIGRATE_CHECK=1`.
    public static func environmentAdditions(_ context: CheckContext) -> [(name: String, value: String)] {
        [
            ("MIGRATE_COHORT", context.cohort), ("MIGRATE_PLAYBOOK", context.playbook), ("MIGRATE_PHASE", context.phase),
            ("MIGRATE_STATUS", context.status), ("MIGRATE_ACTOR", context.actor), ("MIGRATE_AT", WebhookRequest.iso8601(context.at)),
            ("MIGRATE_SIMULATED", context.simulated ? "true" : "false"), ("MIGRATE_CHECK", "1"),
        ].map { (name: $0.0, value: $0.1.replacingNUL()) }
    }
}
