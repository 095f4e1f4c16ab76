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
        if case let .failed(step, failure) = outcome.plan {
            throw UserError("cohort \(cohort): plan step \(step + 1) failed: \(failure); fix the cause and run the same command again to retry it")
        }
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
