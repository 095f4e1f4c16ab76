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
    /// Frame logs imported (`ocpp import`), by the digest of their first line: where each was read up to.
    public var frameLogs: [String: JournalEvent.FrameLogPosition] = [:]
    /// Cohort → its quarantined segments and held-back chargers (cohorts with none are absent).
    public var segments: [String: CohortSegments] = [:]
    /// Token id → the token (the service's people).
    public var tokens: [String: TokenRecord] = [:]
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
        if entry.event.isAboutCohort, entry.kind != .created {
            guard let name = entry.cohort, var cohort = cohorts[name] else {
                throw ProjectionError(seq: entry.seq, message: "entry names cohort '\(entry.cohort ?? "")', which does not exist")
            }
            try cohort.apply(entry)
            cohorts[name] = cohort
            if entry.event.endsApprovals { approvals[name] = nil }
            if CohortSegments.concerns(entry.event) {
                var set = segments[name] ?? CohortSegments()
                try set.apply(entry)
                segments[name] = set.isEmpty ? nil : set
            }
        }
        switch entry.event {
        case let .fleetImported(p):
            for c in p.chargers { chargers[c.id] = c }
        case let .created(p):
            let cohort = try Cohort.created(entry, p)
            guard cohorts[cohort.name] == nil else { throw ProjectionError(seq: entry.seq, message: "cohort '\(cohort.name)' is created twice") }
            playbooks[p.digest] = p.content
            members[cohort.name] = p.chargers.sorted()
            cohorts[cohort.name] = cohort
        case let .routeChanged(p):
            for id in p.chargers {
                routes[id] = Route(charger: id, cohort: entry.cohort, backend: p.backend, url: p.url, since: entry.at, seq: entry.seq)
            }
        case let .approved(p):
            approvals[entry.cohort ?? "", default: []].append(ApprovalRecord(cohort: entry.cohort ?? "", phase: p.phase, actor: entry.actor,
                                                                              role: p.role, at: entry.at, note: p.note))
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
            // A frame log is known by its first line instead: its import is recognised however it has grown.
            if let log = p.log {
                frameLogs[log.head] = log
            } else if p.unknownChargers.isEmpty {
                metricImports.insert(p.digest)
            }
        case let .playbookChanged(p):
            playbooks[p.digest] = p.content
        case let .tokenCreated(p):
            guard tokens[p.id] == nil else { throw ProjectionError(seq: entry.seq, message: "token \(p.id) is created twice") }
            tokens[p.id] = TokenRecord(p, entry: entry)
        case let .tokenRevoked(p):
            guard tokens[p.id] != nil else { throw ProjectionError(seq: entry.seq, message: "revokes token \(p.id), which does not exist") }
            tokens[p.id]?.revokedAt = entry.at
        default:
            break
        }
        lastSeq = entry.seq
    }
}

extension JournalEvent {
    /// Entries that must name an existing cohort.
    public var isAboutCohort: Bool {
        switch self {
        case .fleetImported, .issueOpened, .issueUpdated, .issueClosed, .metricsImported, .tokenCreated, .tokenRevoked, .accessDenied: false
        default: true
        }
    }

    /// Entries after which the cohort's approvals no longer count: it left the phase they were for.
    public var endsApprovals: Bool {
        switch self {
        case .advanced, .completed, .rolledBack, .restarted: true
        default: false
        }
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
/// Appending such an entry is a conflict: the state moved on (another process ended the step, or left the plan).
public struct ProjectionError: KindedError, Equatable {
    public var seq: Int64
    public var message: String
    public var kind: ErrorKind { .conflict }

    public init(seq: Int64, message: String) {
        self.seq = seq
        self.message = message
    }
    public var description: String { "journal entry \(seq): \(message)" }
}
