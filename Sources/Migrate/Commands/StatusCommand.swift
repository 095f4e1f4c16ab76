import ArgumentParser
import Engine
import Foundation
import Playbook
import Gates
import Store

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
        let names = try cohort.map { [$0] } ?? context.store.cohorts().map(\.name)
        var statuses: [CohortStatusJSON] = []
        for name in names {
            let snapshot = try context.store.snapshot(of: name)
            var report: GateReport?
            if snapshot.cohort.status == .active {
                report = try await context.runner(for: name).gateReport(for: snapshot, now: context.invocation.now)
            }
            statuses.append(CohortStatusJSON(snapshot, report: report))
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
            if let plan = s.plan { print("\(s.cohort): \(plan.summary)") }
        }
    }
}

/// The JSON of `migrate status`: the fields of CLI.md, plus gates at a glance and the plan.
struct CohortStatusJSON: Encodable {
    var cohort: String
    var playbook: String
    var playbookDigest: String
    var phase: String
    var phaseIndex: Int
    var phases: Int
    var status: String
    var chargers: Int
    var routes: [String: Int]
    var enteredAt: Date
    var gates: GatesAtAGlance?
    var plan: PlanJSON?

    struct GatesAtAGlance: Encodable {
        var result: String
        var pass: Int
        var fail: Int
        var pending: Int
        var failing: [String]
        var waitingOn: [String]
        enum CodingKeys: String, CodingKey { case result, pass, fail, pending, failing, waitingOn = "waiting_on" }
    }

    struct PlanJSON: Encodable {
        var id: String
        var kind: String
        var steps: Int
        var next: Int
        var state: String
        var step: String?
        var failure: String?
        var summary: String
        enum CodingKeys: String, CodingKey { case id, kind, steps, next, state, step, failure }
    }

    init(_ s: CohortSnapshot, report: GateReport?) {
        cohort = s.cohort.name
        playbook = s.playbook.name
        playbookDigest = s.cohort.playbookDigest
        phase = s.machine.phase.name
        phaseIndex = s.cohort.phaseIndex
        phases = s.playbook.phases.count
        status = s.cohort.status.rawValue
        chargers = s.chargers.count
        var counts: [String: Int] = [:]
        for b in s.playbook.backends.map(\.name) { counts[b] = 0 }
        for c in s.chargers { counts[s.routes[c.id] ?? s.playbook.from, default: 0] += 1 }
        routes = counts
        enteredAt = s.cohort.enteredAt
        gates = report.map { r in
            GatesAtAGlance(result: r.result.rawValue, pass: r.gates.filter { $0.result == .pass }.count,
                           fail: r.gates.filter { $0.result == .fail }.count, pending: r.gates.filter { $0.result == .pending }.count,
                           failing: r.gates.filter { $0.result == .fail }.map(\.detail), waitingOn: r.gates.filter { $0.result == .pending }.map(\.detail))
        }
        if let p = s.machine.planState {
            let run = p.run
            var summary = "\(run.kind.rawValue) plan \(p.state.rawValue)"
            if let step = p.step { summary += " at step \(run.next + 1)/\(run.steps): \(step)" }
            if let f = run.failure { summary += " — \(f)" }
            if p.state == .waitingForConfirmation { summary += " (confirm with: migrate confirm \(s.cohort.name))" }
            plan = PlanJSON(id: run.id, kind: run.kind.rawValue, steps: run.steps, next: run.next, state: p.state.rawValue,
                            step: p.step, failure: run.failure, summary: summary)
        }
    }

    enum CodingKeys: String, CodingKey {
        case cohort, playbook, phase, phases, status, chargers, routes, gates, plan
        case playbookDigest = "playbook_digest", phaseIndex = "phase_index", enteredAt = "entered_at"
    }
}
