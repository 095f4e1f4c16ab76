import Foundation
import Gates
import Playbook

/// The current state as the journal leaves it: the projection that the store keeps in tables,
/// rebuilt here in memory by replaying the journal (for `verify`, and for tests without SQLite).
public struct FleetState: Sendable, Equatable {
    public var chargers: [String: Charger] = [:]
    public var cohorts: [String: Cohort] = [:]
    /// Cohort → its chargers, sorted.
    public var members: [String: [String]] = [:]
    /// Playbook digest → text.
    public var playbooks: [String: String] = [:]
    public var routes: [String: Route] = [:]
    public var issues: [String: IssueRecord] = [:]
    /// Cohort → approvals recorded since it entered its current phase.
    public var approvals: [String: [ApprovalRecord]] = [:]
    /// Digests of imported metric files.
    public var metricImports: Set<String> = []
    public var lastSeq: Int64 = 0

    public init() {}

    /// Replays `entries` from an empty state.
    public static func replay<S: Sequence>(_ entries: S) throws -> FleetState where S.Element == JournalEntry {
        var state = FleetState()
        for e in entries { try state.apply(e) }
        return state
    }

    /// Applies one entry. Throws when the entry does not fit the state (the journal is inconsistent).
    public mutating func apply(_ entry: JournalEntry) throws {
        func cohort() throws -> Cohort {
            guard let name = entry.cohort, let c = cohorts[name] else {
                throw ProjectionError(seq: entry.seq, message: "entry names cohort '\(entry.cohort ?? "")', which does not exist")
            }
            return c
        }
        func update(_ body: (inout Cohort) throws -> Void) throws {
            var c = try cohort()
            try body(&c)
            c.version = entry.seq
            cohorts[c.name] = c
        }
        switch entry.event {
        case let .fleetImported(p):
            for c in p.chargers { chargers[c.id] = c }
        case let .created(p):
            guard let name = entry.cohort else { throw ProjectionError(seq: entry.seq, message: "created entry without a cohort") }
            guard cohorts[name] == nil else { throw ProjectionError(seq: entry.seq, message: "cohort '\(name)' is created twice") }
            playbooks[p.digest] = p.content
            members[name] = p.chargers.sorted()
            cohorts[name] = Cohort(name: name, playbookName: p.playbook, playbookDigest: p.digest, phaseIndex: 0,
                                   status: .active, enteredAt: entry.at, createdAt: entry.at, version: entry.seq, plan: p.plan)
        case let .routeChanged(p):
            for id in p.chargers {
                routes[id] = Route(charger: id, cohort: entry.cohort, backend: p.backend, url: p.url, since: entry.at, seq: entry.seq)
            }
            try update { c in
                if let run = p.planRun, c.plan?.id == run { c.plan?.chargersRouted += p.chargers }
            }
        case let .advanced(p):
            try update { c in
                c.phaseIndex = p.toIndex
                c.enteredAt = entry.at
                c.plan = p.plan ?? c.plan
            }
            approvals[entry.cohort!] = nil
        case .completed:
            try update { $0.status = .completed }
            approvals[entry.cohort!] = nil
        case .blocked:
            _ = try cohort()
        case let .paused(p):
            try update { c in
                c.status = .paused
                c.plan = p.plan
            }
        case .resumed:
            try update { $0.status = .active }
        case let .rollbackStarted(p):
            try update { c in
                c.status = .rollingBack
                c.plan = p.plan
            }
        case .rolledBack:
            try update { $0.status = .rolledBack }
            approvals[entry.cohort!] = nil
        case let .restarted(p):
            try update { c in
                c.status = .active
                c.phaseIndex = 0
                c.enteredAt = entry.at
                c.plan = p.plan
            }
            approvals[entry.cohort!] = nil
        case let .approved(p):
            _ = try cohort() // an approval does not move the cohort: its version stays
            approvals[entry.cohort!, default: []].append(ApprovalRecord(cohort: entry.cohort!, phase: p.phase, actor: entry.actor, role: p.role, at: entry.at, note: p.note))
        case let .stepStarted(p):
            try update { c in
                var run = p.plan
                run.next = p.index
                run.stepStarted = true
                run.stepStartedAt = entry.at
                run.failure = nil
                c.plan = run
            }
        case let .stepFinished(p):
            try update { c in
                guard c.plan?.id == p.plan, c.plan?.next == p.index, c.plan?.stepStarted == true else {
                    throw ProjectionError(seq: entry.seq, message: "step \(p.index + 1) of plan \(p.plan) finished, but it is not the step under way")
                }
                c.plan!.next = p.index + 1
                c.plan!.stepStarted = false
                c.plan!.stepStartedAt = nil
                c.plan!.failure = nil
            }
        case let .stepFailed(p):
            try update { c in
                guard c.plan?.id == p.plan, c.plan?.next == p.index, c.plan?.stepStarted == true else {
                    throw ProjectionError(seq: entry.seq, message: "step \(p.index + 1) of plan \(p.plan) failed, but it is not the step under way")
                }
                c.plan!.stepStarted = false
                c.plan!.stepStartedAt = nil
                c.plan!.failure = p.outcome.summary
            }
        case .confirmed:
            try update { _ in }
        case let .issueOpened(r), let .issueUpdated(r):
            issues[r.id] = r
        case let .issueClosed(p):
            guard var r = issues[p.id] else { throw ProjectionError(seq: entry.seq, message: "closes issue \(p.id), which does not exist") }
            r.closedAt = entry.at
            r.closedBy = entry.actor
            r.closeNote = p.note
            issues[p.id] = r
        case let .metricsImported(p):
            // A file whose samples of unknown chargers were dropped may be imported again once they are in the fleet.
            if p.unknownChargers.isEmpty { metricImports.insert(p.digest) }
        case let .playbookChanged(p):
            playbooks[p.digest] = p.content
            try update { c in
                c.playbookDigest = p.digest
                c.playbookName = p.playbook
                c.phaseIndex = p.phaseIndex
            }
        }
        lastSeq = entry.seq
    }
}

/// A charger's route: the backend it connects to, since when, and the journal entry that set it.
public struct Route: Sendable, Equatable, Codable {
    public var charger: String
    public var cohort: String?
    public var backend: String
    public var url: String
    public var since: Date
    public var seq: Int64

    public init(charger: String, cohort: String?, backend: String, url: String, since: Date, seq: Int64) {
        self.charger = charger
        self.cohort = cohort
        self.backend = backend
        self.url = url
        self.since = since
        self.seq = seq
    }
}

/// The journal holds an entry that cannot be applied to the state before it.
public struct ProjectionError: Error, Equatable, CustomStringConvertible {
    public var seq: Int64
    public var message: String
    public var description: String { "journal entry \(seq): \(message)" }
}
