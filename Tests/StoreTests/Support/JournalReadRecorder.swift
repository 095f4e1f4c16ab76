import Engine
import Foundation
import Gates

/// A real store that records how the journal is read: every call is passed to `base`; `history(cohort:)` and
/// `entries(after:limit:)` are noted with what they returned, so a test can tell what a use case read.
final class JournalReadRecorder: MigrateStoring, ServiceStoring, @unchecked Sendable {
    let base: any MigrateStoring & ServiceStoring
    private let lock = NSLock()
    private var reads: [(call: String, seqs: [Int64])] = []

    init(_ base: any MigrateStoring & ServiceStoring) { self.base = base }

    /// The journal reads so far: `history` or `after N`, with the entries each returned.
    var journalReads: [(call: String, seqs: [Int64])] { lock.withLock { reads } }
    func forget() { lock.withLock { reads = [] } }

    private func note(_ call: String, _ entries: [JournalEntry]) -> [JournalEntry] {
        lock.withLock { reads.append((call, entries.map(\.seq))) }
        return entries
    }

    func history(cohort: String?) throws -> [JournalEntry] { note("history", try base.history(cohort: cohort)) }
    func entries(after seq: Int64, limit: Int) throws -> [JournalEntry] { note("after \(seq)", try base.entries(after: seq, limit: limit)) }

    func journalHead() throws -> Int64 { try base.journalHead() }
    func fleet() throws -> [Charger] { try base.fleet() }
    func cohorts() throws -> [Cohort] { try base.cohorts() }
    func memberships() throws -> [String: String] { try base.memberships() }
    func routes(cohort: String?) throws -> [Route] { try base.routes(cohort: cohort) }
    func verify() throws -> VerifyReport { try base.verify() }
    func snapshot(of cohort: String) throws -> CohortSnapshot { try base.snapshot(of: cohort) }
    func issues() throws -> [IssueRecord] { try base.issues() }
    func approvals(of cohort: String) throws -> [ApprovalRecord] { try base.approvals(of: cohort) }
    func milestones() throws -> [String: CohortMilestone] { try base.milestones() }
    func chargerIDs(routedTo backend: String, includeUnrouted: Bool) throws -> [String] {
        try base.chargerIDs(routedTo: backend, includeUnrouted: includeUnrouted)
    }
    func chargerIDs(routedTo backend: String, includeUnrouted: Bool, by attribute: String) throws -> [String: [String]] {
        try base.chargerIDs(routedTo: backend, includeUnrouted: includeUnrouted, by: attribute)
    }
    func append(_ entries: [NewEntry], if condition: AppendCondition) throws -> [JournalEntry] { try base.append(entries, if: condition) }
    func requireWritable() throws { try base.requireWritable() }
    func totals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> SampleTotals {
        try base.totals(of: names, chargers: chargers, window: window)
    }
    func dailyTotals(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [(day: Date, totals: SampleTotals)] {
        try base.dailyTotals(of: names, chargers: chargers, window: window)
    }
    func totalsByCharger(of names: [String], chargers: [String], window: EvidenceWindow) throws -> [String: SampleTotals] {
        try base.totalsByCharger(of: names, chargers: chargers, window: window)
    }
    func chargersSeen(_ chargers: [String], window: EvidenceWindow) throws -> Set<String> { try base.chargersSeen(chargers, window: window) }
    func importMetrics(path: String, source: String, actor: String, at: Date, simulated: Bool, skipUnknown: Bool) throws -> MetricsImportReport {
        try base.importMetrics(path: path, source: source, actor: actor, at: at, simulated: simulated, skipUnknown: skipUnknown)
    }
    func metricSummaries() throws -> [MetricSummary] { try base.metricSummaries() }
    func token(hash: String) throws -> TokenRecord? { try base.token(hash: hash) }
    func tokens() throws -> [TokenRecord] { try base.tokens() }
    func acquireLease(_ name: String, holder: String, now: Date, ttl: TimeInterval) throws -> Bool {
        try base.acquireLease(name, holder: holder, now: now, ttl: ttl)
    }
    func releaseLease(_ name: String, holder: String) throws { try base.releaseLease(name, holder: holder) }
    func swapAlertState(_ key: String, to state: String, at: Date) throws -> String? { try base.swapAlertState(key, to: state, at: at) }
}
