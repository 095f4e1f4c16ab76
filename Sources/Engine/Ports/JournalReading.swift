import Foundation
import Gates

/// What the application reads from the journal and its projections besides one cohort's snapshot.
public protocol JournalReading: Sendable {
    /// The sequence number of the journal's last entry (0 when empty).
    func journalHead() throws -> Int64
    /// Every charger of the fleet, by id.
    func fleet() throws -> [Charger]
    /// The fleet's chargers counted by their value of each of `attributes` (`missing` for a charger without it) and
    /// by backend (`unrouted` for a charger with no route).
    func fleetCounts(by attributes: [String], missing: String, unrouted: String) throws -> FleetCounts
    /// Every cohort, oldest first.
    func cohorts() throws -> [Cohort]
    /// Charger id → the cohort it belongs to, for every charger in a cohort.
    func memberships() throws -> [String: String]
    /// The routing table, optionally of one cohort, by charger id.
    func routes(cohort: String?) throws -> [Route]
    /// The journal, oldest first: every entry, or those about one cohort.
    func history(cohort: String?) throws -> [JournalEntry]
    /// The entries after entry `seq`, oldest first, at most `limit` (a reader that keeps its place, such as the
    /// alert watch, reads only what is new).
    func entries(after seq: Int64, limit: Int) throws -> [JournalEntry]
    /// Checks the whole journal's hash chain and that the tables follow from it.
    func verify() throws -> VerifyReport
    /// The same; `full` asks a store that keeps seals of its sample tables to check every sample in depth
    /// rather than by the seals (see docs/metrics.md, Verify).
    func verify(full: Bool) throws -> VerifyReport
    /// The hash chain and that the tables follow from it, without checking the metric samples (what the checkpoint
    /// report states; `verify` checks the samples too).
    func verifyJournal() throws -> VerifyReport
}

extension JournalReading {
    /// A store without a cheaper way counts the fleet and the routes it reads whole.
    public func fleetCounts(by attributes: [String], missing: String, unrouted: String) throws -> FleetCounts {
        let routes = Dictionary(try routes(cohort: nil).map { ($0.charger, $0.backend) }, uniquingKeysWith: { _, last in last })
        return FleetCounts(fleet: try fleet(), routes: routes, attributes: attributes, missing: missing, unrouted: unrouted)
    }
    /// A store without seals checks every sample in depth each time.
    public func verify(full: Bool) throws -> VerifyReport { try verify() }
    /// A store without a cheaper path checks everything, samples included.
    public func verifyJournal() throws -> VerifyReport { try verify() }
}

/// What `verify` found.
public struct VerifyReport: Sendable, Equatable {
    public var entries: Int
    public var lastHash: String?
    /// The first problem, naming the entry; nil when the journal verifies and the tables follow from it.
    public var problem: String?
    public var problemSeq: Int64?
    /// UTC days of metric samples checked against the journal, and days only checked for consistency (their
    /// latest import was journaled before imports recorded what they stored).
    public var sampleDays = 0
    public var sampleDaysConsistentOnly = 0
    /// Of `sampleDays`, the days checked by their seal (their stored rows unchanged since they were last found
    /// to match the journal) rather than by decoding and digesting every sample.
    public var sampleDaysSealed = 0
    /// The tables projected from the journal were checked by their seal (unchanged since they were found to follow
    /// from this very journal) rather than by replaying it.
    public var tablesSealed = false

    public init(entries: Int, lastHash: String?, problem: String?, problemSeq: Int64?) {
        self.entries = entries
        self.lastHash = lastHash
        self.problem = problem
        self.problemSeq = problemSeq
    }

    public var ok: Bool { problem == nil }
}
