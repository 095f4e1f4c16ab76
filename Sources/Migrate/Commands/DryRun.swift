import Application
import ArgumentParser
import Engine
import Foundation
import Playbook

/// `--dry-run` for pause and rollback: every step, rendered, and the route changes; touching nothing. With `--json`,
/// the same object `POST /api/cohorts/C/pause|rollback` with `dry_run` answers (`PlanPreviewView`); a refusal is
/// `{"cohort", "result": "refused", "refusal"}` and exit 3, as `advance --dry-run --json` prints it.
enum DryRun {
    static func print(_ kind: PlanKind, cohort: String, reason: String, json: Bool, global: GlobalOptions) throws {
        let context = try Context(global, quiet: true)
        let p: PlanPreview
        do {
            p = try context.service.preview(kind, of: cohort, reason: reason, as: context.invocation)
        } catch let refused as RefusalError where json {
            try Output.printJSON(["cohort": cohort, "result": "refused", "refusal": refused.refusal.description])
            throw ExitCode(3)
        }
        if json { return try Output.printJSON(PlanPreviewView(p)) }
        Output.line("dry run: \(kind.rawValue) of cohort \(cohort) (\(p.status.rawValue) in \(p.phase)); nothing will change")
        if let run = p.carriesOn { Output.line("the \(kind.rawValue) plan \(run.id) is under way: it carries on from step \(p.firstStep + 1)") }
        let total = p.steps.count + p.firstStep
        for step in p.steps {
            Output.line("step \(step.index + 1)/\(total): \(step.description)")
            switch step.effect {
            case let .route(backend, moving):
                Output.line("  would route \(moving.count) chargers to \(backend)"
                            + (moving.isEmpty ? "" : ": " + moving.prefix(10).joined(separator: ", ") + (moving.count > 10 ? ", …" : "")))
            case let .reach(text):
                Output.line(text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
            case .awaitConfirmation: Output.line("  would wait for `migrate confirm \(cohort)`")
            case let .wait(d): Output.line("  would wait \(d)")
            }
        }
        if p.steps.isEmpty { Output.line("the \(kind.rawValue) plan has no steps" + (p.firstStep > 0 ? " left" : "")) }
        if kind == .rollback {
            if !p.routedBackAtEnd.isEmpty { Output.line("at the end: \(p.routedBackAtEnd.count) chargers still off \(p.from) would be routed back to it") }
            Output.line("the cohort would end rolled-back with all \(p.chargers) chargers on \(p.from)")
        }
    }
}
