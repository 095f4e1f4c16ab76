import Engine
import Foundation
import Gates
import Playbook

extension MigrationService {
    /// Notes where the journal stands the first time a store is watched, before the first pass acts, so what that
    /// pass does (a rollback it starts) is alerted but nothing from before the server ever watched. Later calls
    /// change nothing.
    public func beginAlertWatch(as invocation: Invocation) throws {
        let store = try serviceStore
        let head = String(try self.store.journalHead())
        if let previous = try store.swapAlertState("journal-seq", to: head, at: invocation.now) {
            _ = try store.swapAlertState("journal-seq", to: previous, at: invocation.now)
        }
    }

    /// What changed since the last alerts, one `Alert` per cohort: gate results (from this pass's `results`), plan
    /// steps that failed and rollbacks started (from the journal since the last look, whoever caused them), and
    /// manual steps waiting. Each state is swapped into the store as it is seen, so an unchanged state is never
    /// alerted twice, even across restarts. The first look at a journal only marks where it stands.
    public func alertsDue(after results: [EvaluationResult], as invocation: Invocation) throws -> [Alert] {
        let store = try serviceStore
        let now = invocation.now
        var changes: [String: [Alert.Change]] = [:]

        let head = try self.store.journalHead()
        if let last = try store.swapAlertState("journal-seq", to: String(head), at: now).flatMap(Int64.init), last < head {
            for e in try newEntries(after: last, upTo: head) {
                guard let cohort = e.cohort else { continue }
                switch e.event {
                case let .rollbackStarted(p): changes[cohort, default: []].append(.rollbackStarted(phase: p.phase, plan: p.plan.id, seq: e.seq))
                case let .stepFailed(p): changes[cohort, default: []].append(.stepFailed(plan: p.plan, step: p.index, summary: p.outcome.summary))
                default: break
                }
            }
        }
        for r in results {
            guard let report = r.transition?.outcome.report else { continue }
            let phase = report.phase
            let result = report.result.rawValue
            let previous = try store.swapAlertState("gates/\(r.cohort)", to: "\(phase)|\(result)", at: now)
            let parts = previous?.split(separator: "|", maxSplits: 1).map(String.init)
            let before = parts?.count == 2 && parts?[0] == phase ? parts?[1] : nil
            let due = (result == "fail" && before != "fail") || (result == "pass" && before == "fail")
            if due {
                changes[r.cohort, default: []].append(.gates(phase: phase, from: before, to: result,
                                                            failing: report.gates.filter { $0.result == .fail }.map(\.name)))
            }
        }
        var alerts: [Alert] = []
        for cohort in try self.store.cohorts() {
            let snapshot = try self.store.snapshot(of: cohort.name)
            var waiting = "none"
            if let plan = snapshot.machine.planState, plan.state == .waitingForConfirmation {
                waiting = "\(plan.run.id):\(plan.run.next)"
                if try store.swapAlertState("waiting/\(cohort.name)", to: waiting, at: now) != waiting {
                    changes[cohort.name, default: []].append(.waitingForConfirmation(plan: plan.run.id, step: plan.run.next, text: plan.step ?? ""))
                }
            } else {
                _ = try store.swapAlertState("waiting/\(cohort.name)", to: waiting, at: now)
            }
            guard let list = changes[cohort.name], !list.isEmpty else { continue }
            let key = "\(cohort.name):" + Digest.sha256(Array(list.map(\.text).joined(separator: "\n").utf8)).prefix(16)
            alerts.append(Alert(cohort: cohort.name, phase: snapshot.machine.phase.name, status: cohort.status.rawValue,
                                changes: list, key: key, at: now, targets: snapshot.playbook.alerts))
        }
        return alerts
    }

    /// The journal's entries after `last` up to `head` (the alert watch's place, kept in the store), read a page at a
    /// time from where it stood: a pass reads only what is new, never the journal from its start.
    package func newEntries(after last: Int64, upTo head: Int64, page: Int = 1_000) throws -> [JournalEntry] {
        var entries: [JournalEntry] = []
        var seen = last
        while seen < head {
            let batch = try store.entries(after: seen, limit: page)
            guard let end = batch.last?.seq else { break }
            entries += batch.filter { $0.seq <= head }
            seen = end
        }
        return entries
    }
}
