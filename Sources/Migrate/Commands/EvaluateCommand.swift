import ArgumentParser
import Engine
import Foundation
import Gates
import Playbook
import Store

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
        let names = cohorts.isEmpty ? try context.store.cohorts().filter { $0.status == .active }.map(\.name) : cohorts
        if names.isEmpty { print("no active cohorts") }
        var failures: [String] = []
        for name in names {
            let outcome: CohortRunner.Outcome
            do {
                outcome = try await context.runner(for: name).run(.evaluate, cohort: name, reason: nil)
            } catch {
                let message = ErrorRendering.message(for: error) ?? "\(error)"
                print("\(name): \(message)")
                failures.append("\(name): \(message)")
                continue
            }
            if case let .failed(step, failure) = outcome.plan { failures.append("\(name): plan step \(step + 1) failed: \(failure)") }
            let after = try context.store.snapshot(of: name)
            let verdict = outcome.report?.result.rawValue ?? "-"
            var line = "\(name): gates \(verdict)"
            switch outcome.decision {
            case .refuse(.gatesNotPassed(.fail), _): line += "; on_fail hold: blocked, nothing changed"
            case .refuse(.gatesNotPassed, _): line += "; waiting for evidence"
            case let .refuse(r, _): line += "; \(r)"
            case let .accept(record, _) where record.isEmpty: line += "; promote is manual: run `migrate advance \(name)`"
            case .accept: line += outcome.committed.map { "\n  #\($0.seq) \($0.kind.rawValue)" + Transition.summary($0.event) }.joined()
            }
            line += "\n  → \(name) is \(after.cohort.status.rawValue) in \(after.machine.phase.name)"
            print(line)
            if let stop = PlanRendering.stop(outcome.plan, cohort: name) { print("  " + stop) }
        }
        if !failures.isEmpty {
            throw UserError("evaluate: \(failures.count) of \(names.count) cohorts need attention:\n" + failures.joined(separator: "\n"))
        }
    }
}
