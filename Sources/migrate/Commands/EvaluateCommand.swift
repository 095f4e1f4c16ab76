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
        discussion: "Exit 0 when the pass ran (whatever the gates said), 1 on an error. Hold and pending change nothing and add nothing to the journal.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Cohorts (default: every active cohort).") var cohorts: [String] = []

    func run() async throws {
        let context = try Context(global)
        let names = cohorts.isEmpty ? try context.store.cohorts().filter { $0.status == .active }.map(\.name) : cohorts
        if names.isEmpty { print("no active cohorts") }
        for name in names {
            let outcome = try await context.runner(for: name).run(.evaluate, cohort: name, reason: nil)
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
    }
}
