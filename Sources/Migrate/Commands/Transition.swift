import Application
import ArgumentParser
import Engine
import Foundation
import Gates
import Playbook

/// Runs one state-machine command on a cohort and says what happened; refusals exit 3.
enum Transition {
    static func run(global: GlobalOptions, json: Bool, _ body: (MigrationService, Invocation) async throws -> TransitionResult) async throws {
        let context = try Context(global, quiet: json)
        let result = try await body(context.service, context.invocation)
        if json {
            try Output.printJSON(TransitionView(result))
        } else {
            print(describe(result))
        }
        if let refusal = result.refusal {
            if json { throw ExitCode(3) }
            throw refusal
        }
        if let failure = result.planFailure { throw failure }
    }

    static func describe(_ result: TransitionResult) -> String {
        let outcome = result.outcome
        var lines: [String] = []
        if let report = outcome.report, outcome.refusal != nil {
            lines.append(GateRendering.table(report))
        }
        for entry in outcome.committed {
            lines.append("  #\(entry.seq) \(entry.kind.rawValue): \(entry.event.summary)")
        }
        if outcome.refusal == nil {
            let s = result.after.cohort
            if outcome.committed.isEmpty && outcome.plan == nil {
                lines.append("cohort \(s.name): nothing to do; it is \(s.status.rawValue) in \(result.after.machine.phase.name)")
            } else {
                lines.append("cohort \(s.name) is \(s.status.rawValue) in phase \(result.after.machine.phase.name)")
            }
        }
        if let line = PlanRendering.stop(outcome.plan, cohort: result.after.cohort.name) { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
