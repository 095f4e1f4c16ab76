import Application
import ArgumentParser
import Engine
import Foundation
import Gates
import Playbook

struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "One pass of automation over active cohorts: a failed gate triggers on_fail; promote: auto advances.",
        discussion: """
            Every cohort is evaluated even when one fails. Exit 0 when the pass ran (whatever the gates said); 1 when a
            cohort could not be evaluated or a plan it started failed (each says why). Hold and pending change nothing
            and add nothing to the journal.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Cohorts (default: every active cohort).") var cohorts: [String] = []

    func run() async throws {
        let context = try Context(global)
        let results = try await context.service.evaluate(cohorts: cohorts.isEmpty ? nil : cohorts, as: context.invocation)
        if results.isEmpty { print("no active cohorts") }
        var failures: [String] = []
        for r in results {
            guard let t = r.transition else {
                let message = r.error.flatMap(ErrorRendering.message(for:)) ?? "error"
                print("\(r.cohort): \(message)")
                failures.append("\(r.cohort): \(message)")
                continue
            }
            if let failure = t.planFailure { failures.append("\(r.cohort): \(failure.message)") }
            print(line(r.cohort, t))
            if let stop = PlanRendering.stop(t.outcome.plan, cohort: r.cohort) { print("  " + stop) }
        }
        if !failures.isEmpty {
            throw MigrateError(.unavailable, "evaluate: \(failures.count) of \(results.count) cohorts need attention:\n" + failures.joined(separator: "\n"))
        }
    }

    func line(_ name: String, _ t: TransitionResult) -> String {
        let outcome = t.outcome
        var line = "\(name): gates \(outcome.report?.result.rawValue ?? "-")"
        switch outcome.decision {
        case .refuse(.gatesNotPassed(.fail), _): line += "; on_fail hold: blocked, nothing changed"
        case .refuse(.gatesNotPassed, _): line += "; waiting for evidence"
        case let .refuse(r, _): line += "; \(r)"
        case let .accept(record, _) where record.isEmpty: line += "; promote is manual: run `migrate advance \(name)`"
        case .accept: line += outcome.committed.map { "\n  #\($0.seq) \($0.kind.rawValue): \($0.event.summary)" }.joined()
        }
        return line + "\n  → \(name) is \(t.after.cohort.status.rawValue) in \(t.after.machine.phase.name)"
    }
}
