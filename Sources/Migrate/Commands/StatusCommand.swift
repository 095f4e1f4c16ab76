import Application
import ArgumentParser
import Engine
import Foundation

/// `migrate status [COHORT] [--json]`: phase, status, chargers per backend, gates at a glance.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Phase, status, chargers routed to each backend, and gates at a glance."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "One cohort (default: every cohort).") var cohort: String?
    @Flag(help: "Print JSON: one object for a cohort, an array for all.") var json = false

    func run() async throws {
        let context = try Context(global, quiet: true)
        let statuses = if let cohort {
            [try await context.service.status(of: cohort, as: context.invocation)]
        } else {
            try await context.service.statuses(as: context.invocation)
        }
        if json {
            if cohort != nil { try Output.printJSON(statuses[0]) } else { try Output.printJSON(statuses) }
            return
        }
        if statuses.isEmpty { return print("no cohorts yet; create one with `migrate cohort create NAME --playbook FILE --where ATTR=V`") }
        let backends = Array(Set(statuses.flatMap(\.routes.keys))).sorted()
        let rows = statuses.map { s in
            [s.cohort, s.phase, s.status, String(s.chargers)] + backends.map { String(s.routes[$0] ?? 0) }
                + [s.gates.map { "\($0.result) (\($0.pass) pass, \($0.fail) fail, \($0.pending) pending)" } ?? "-", Output.time(s.enteredAt)]
        }
        print(Output.table(["COHORT", "PHASE", "STATUS", "CHARGERS"] + backends.map { $0.uppercased() } + ["GATES", "ENTERED"], rows))
        for s in statuses {
            guard let plan = s.plan else { continue }
            print("\(s.cohort): \(plan.summary)" + (plan.state == "waiting-for-confirmation" ? " (confirm with: migrate confirm \(s.cohort))" : ""))
        }
    }
}
