import Engine
import Foundation
import Gates
import Playbook
import Report

extension MigrationService {
    /// The checkpoint decision report of a cohort, assembled now from the journal and the store.
    public func report(of cohort: String, as invocation: Invocation) async throws -> CheckpointReport {
        CheckpointReport.assemble(try await reportInput(of: cohort, as: invocation))
    }

    /// What a checkpoint report is assembled from: reads only, the report itself is pure.
    public func reportInput(of cohort: String, as invocation: Invocation) async throws -> ReportInput {
        let now = invocation.now
        let snapshot = try store.snapshot(of: cohort)
        // The charts read the `compare_to` groups the gates read, once.
        let reads = GateReads()
        let gates = try await runner(invocation).gateReport(for: snapshot, now: now, reads: reads)
        // The report states the journal's check (chain and tables), not the samples': `migrate verify` checks those.
        let verify = try store.verifyJournal()
        let journal = try store.history(cohort: cohort)
        return ReportInput(
            snapshot: snapshot, gates: gates, journal: journal, issues: try store.issues(),
            fleet: try store.fleetCounts(by: CoverageTable.attributes, missing: CoverageTable.missing, unrouted: snapshot.playbook.from),
            verification: JournalVerification(ok: verify.ok, entries: verify.entries, lastHash: verify.lastHash, problem: verify.problem),
            series: try series(snapshot, journal: journal, now: now, reads: reads),
            now: now)
    }
}
