import ArgumentParser
import Engine
import Foundation
import Playbook
import Gates
import Store

/// Runs one state-machine command on a cohort and says what happened; refusals exit 3.
enum Transition {
    static func run(_ command: CohortRunner.Command, cohort: String, reason: String?, global: GlobalOptions, json: Bool = false) async throws {
        let context = try Context(global, quiet: json)
        let outcome = try await context.runner(for: cohort).run(command, cohort: cohort, reason: reason)
        let after = try context.store.snapshot(of: cohort)
        if json {
            try Output.printJSON(OutcomeJSON(outcome, after: after))
        } else {
            print(describe(outcome, command: command, after: after))
        }
        if let refusal = outcome.refusal {
            if json { throw ExitCode(3) }
            throw Refused(refusal.description + (outcome.committed.first.map { " (journal entry \($0.seq))" } ?? ""))
        }
        if case .failed = outcome.plan { throw ExitCode(1) }
    }

    static func describe(_ outcome: CohortRunner.Outcome, command: CohortRunner.Command, after: CohortSnapshot) -> String {
        var lines: [String] = []
        if let report = outcome.report, outcome.refusal != nil || command == .evaluate {
            lines.append(GateRendering.table(report))
        }
        for entry in outcome.committed {
            lines.append("  #\(entry.seq) \(entry.kind.rawValue)" + summary(entry.event))
        }
        if outcome.refusal == nil {
            let s = after.cohort
            if outcome.committed.isEmpty && outcome.plan == nil {
                lines.append("cohort \(s.name): nothing to do; it is \(s.status.rawValue) in \(after.machine.phase.name)")
            } else {
                lines.append("cohort \(s.name) is \(s.status.rawValue) in phase \(after.machine.phase.name)")
            }
        }
        if let line = PlanRendering.stop(outcome.plan, cohort: after.cohort.name) { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    static func summary(_ event: JournalEvent) -> String {
        switch event {
        case let .advanced(p): ": \(p.from) → \(p.to)"
        case let .completed(p): ": left \(p.from), the last phase; the cohort is complete"
        case let .routeChanged(p): ": \(p.chargers.count) chargers → \(p.backend)"
        case let .blocked(p): ": \(p.message)"
        case let .paused(p), let .rollbackStarted(p): ": \(p.plan.steps)-step \(p.plan.kind.rawValue) plan \(p.plan.id)"
        case let .stepStarted(p): ": step \(p.index + 1): \(p.description)"
        case let .stepFinished(p), let .stepFailed(p): ": step \(p.index + 1): \(p.outcome.summary)"
        case let .restarted(p): ": back to \(p.phase)"
        case let .created(p): ": \(p.chargers.count) chargers on \(p.playbook), phase \(p.phase)"
        case let .approved(p): ": \(p.role) for \(p.phase)"
        case let .confirmed(p): ": step \(p.index + 1)" + (p.note.map { ": \($0)" } ?? "")
        case let .issueOpened(r): ": \(r.id) \(r.severity.rawValue) \(r.title)"
        case let .issueClosed(p): ": \(p.id)"
        case let .playbookChanged(p): ": \(p.fromDigest.prefix(12)) → \(p.digest.prefix(12))"
        case let .metricsImported(p): ": \(p.samples) samples from \(p.file)"
        default: ""
        }
    }

    struct OutcomeJSON: Encodable {
        var cohort: String
        var result: String
        var refusal: String?
        var status: String
        var phase: String
        var entries: [Int64]
        var gates: GateRendering.JSON?
        var plan: String?

        init(_ o: CohortRunner.Outcome, after: CohortSnapshot) {
            cohort = after.cohort.name
            result = o.refusal == nil ? "done" : "refused"
            refusal = o.refusal?.description
            status = after.cohort.status.rawValue
            phase = after.machine.phase.name
            entries = o.committed.map(\.seq)
            gates = o.report.map(GateRendering.JSON.init)
            plan = PlanRendering.stop(o.plan, cohort: after.cohort.name)
        }
    }
}

struct AdvanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Leave the phase for the next (or complete the cohort) when every gate passes.",
        discussion: "When a gate fails or is pending: exit 3, and a `blocked` journal entry with the evidence."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "Why, recorded in the journal.") var reason: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws { try await Transition.run(.advance, cohort: cohort, reason: reason, global: global, json: json) }
}

struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause the cohort and run the pause plan (run again, carries on an unfinished one).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "Why, recorded in the journal.") var reason: String
    @Flag(name: .customLong("dry-run"), help: "Print what the pause would do, touching nothing.") var dryRun = false
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        if dryRun { return try DryRun.print(.pause, cohort: cohort, reason: reason, global: global) }
        try await Transition.run(.pause, cohort: cohort, reason: reason, global: global, json: json)
    }
}

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "A paused cohort becomes active again.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "Why, recorded in the journal.") var reason: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws { try await Transition.run(.resume, cohort: cohort, reason: reason, global: global, json: json) }
}

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Run the rollback plan; run again, it carries on an unfinished one.",
        discussion: "When the plan ends, every charger of the cohort is routed to the playbook's `from` backend.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "Why, recorded in the journal.") var reason: String
    @Flag(name: .customLong("dry-run"), help: "Print every step with its rendered request or command and the route changes, touching nothing.") var dryRun = false
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        if dryRun { return try DryRun.print(.rollback, cohort: cohort, reason: reason, global: global) }
        try await Transition.run(.rollback, cohort: cohort, reason: reason, global: global, json: json)
    }
}

struct ConfirmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "confirm", abstract: "Confirm the manual step the cohort's plan waits on, and carry the plan on.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "A note, recorded in the journal.") var note: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws { try await Transition.run(.confirm(note: note), cohort: cohort, reason: note, global: global, json: json) }
}

struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "A rolled-back cohort starts again at the first phase.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Option(help: "Why, recorded in the journal.") var reason: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws { try await Transition.run(.restart, cohort: cohort, reason: reason, global: global, json: json) }
}

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
