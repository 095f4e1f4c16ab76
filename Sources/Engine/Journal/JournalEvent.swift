import Foundation
import Gates
import Playbook

/// What a journal entry says happened. Each case's payload holds everything its projection needs,
/// so the current state can be rebuilt from the journal alone.
public enum JournalEvent: Sendable, Equatable {
    case fleetImported(FleetImported)
    case created(Created)
    case routeChanged(RouteChanged)
    case advanced(Advanced)
    case completed(Completed)
    case blocked(Blocked)
    case paused(PlanStarted)
    case resumed(Resumed)
    case rollbackStarted(PlanStarted)
    case rolledBack(RolledBack)
    case restarted(Restarted)
    case approved(Approved)
    case stepStarted(StepStarted)
    case stepFinished(StepEnded)
    case stepFailed(StepEnded)
    case confirmed(Confirmed)
    case issueOpened(IssueRecord)
    case issueUpdated(IssueRecord)
    case issueClosed(IssueClosed)
    case metricsImported(MetricsImported)
    case playbookChanged(PlaybookChanged)
    case segmentQuarantined(SegmentQuarantined)
    case segmentReleased(SegmentReleased)
    case preflightHeld(PreflightHeld)
    case tokenCreated(TokenCreated)
    case tokenRevoked(TokenRevoked)
    case accessDenied(AccessDenied)

    public var kind: EntryKind {
        switch self {
        case .fleetImported: .fleetImported
        case .created: .created
        case .routeChanged: .routeChanged
        case .advanced: .advanced
        case .completed: .completed
        case .blocked: .blocked
        case .paused: .paused
        case .resumed: .resumed
        case .rollbackStarted: .rollbackStarted
        case .rolledBack: .rolledBack
        case .restarted: .restarted
        case .approved: .approved
        case .stepStarted: .stepStarted
        case .stepFinished: .stepFinished
        case .stepFailed: .stepFailed
        case .confirmed: .confirmed
        case .issueOpened: .issueOpened
        case .issueUpdated: .issueUpdated
        case .issueClosed: .issueClosed
        case .metricsImported: .metricsImported
        case .playbookChanged: .playbookChanged
        case .segmentQuarantined: .segmentQuarantined
        case .segmentReleased: .segmentReleased
        case .preflightHeld: .preflightHeld
        case .tokenCreated: .tokenCreated
        case .tokenRevoked: .tokenRevoked
        case .accessDenied: .accessDenied
        }
    }


    // MARK: Payloads

    public struct FleetImported: Sendable, Equatable, Codable {
        public var file: String
        public var digest: String
        /// The rows imported: new chargers and new attribute values of known ones.
        public var chargers: [Charger]
        public var added: Int
        public var updated: Int
        public init(file: String, digest: String, chargers: [Charger], added: Int, updated: Int) {
            self.file = file; self.digest = digest; self.chargers = chargers; self.added = added; self.updated = updated
        }
    }

    public struct Created: Sendable, Equatable, Codable {
        public var playbook: String
        public var digest: String
        /// The playbook text itself, so a later edit of the file cannot change a running cohort.
        public var content: String
        public var selector: String
        public var chargers: [String]
        public var phase: String
        /// The first phase's `on_enter` plan, when it has one.
        public var plan: PlanRun?
        public init(playbook: String, digest: String, content: String, selector: String, chargers: [String], phase: String, plan: PlanRun? = nil) {
            self.playbook = playbook; self.digest = digest; self.content = content; self.selector = selector
            self.chargers = chargers; self.phase = phase; self.plan = plan
        }
    }

    public struct RouteChanged: Sendable, Equatable, Codable {
        public var backend: String
        public var url: String
        public var chargers: [String]
        /// The plan run that moved them, if a plan step did.
        public var planRun: String?
        public init(backend: String, url: String, chargers: [String], planRun: String? = nil) {
            self.backend = backend; self.url = url; self.chargers = chargers; self.planRun = planRun
        }
        enum CodingKeys: String, CodingKey { case backend, url, chargers, planRun = "plan_run" }
    }

    public struct Advanced: Sendable, Equatable, Codable {
        public var from: String
        public var to: String
        public var toIndex: Int
        public var evidence: GateReport
        /// The new phase's `on_enter` plan, when it has one.
        public var plan: PlanRun?
        public init(from: String, to: String, toIndex: Int, evidence: GateReport, plan: PlanRun? = nil) {
            self.from = from; self.to = to; self.toIndex = toIndex; self.evidence = evidence; self.plan = plan
        }
        enum CodingKeys: String, CodingKey { case from, to, evidence, plan, toIndex = "to_index" }
    }

    public struct Completed: Sendable, Equatable, Codable {
        public var from: String
        public var evidence: GateReport
        public init(from: String, evidence: GateReport) { self.from = from; self.evidence = evidence }
    }

    public struct Blocked: Sendable, Equatable, Codable {
        public var phase: String
        /// The command refused: `advance` or `evaluate`.
        public var command: String
        public var message: String
        public var evidence: GateReport?
        public init(phase: String, command: String, message: String, evidence: GateReport?) {
            self.phase = phase; self.command = command; self.message = message; self.evidence = evidence
        }
    }

    /// `paused` and `rollback-started`: the plan that now runs, and the evidence when a failed gate triggered it.
    public struct PlanStarted: Sendable, Equatable, Codable {
        public var phase: String
        public var plan: PlanRun
        public var evidence: GateReport?
        public init(phase: String, plan: PlanRun, evidence: GateReport? = nil) {
            self.phase = phase; self.plan = plan; self.evidence = evidence
        }
    }

    public struct Resumed: Sendable, Equatable, Codable {
        public var phase: String
        public init(phase: String) { self.phase = phase }
    }

    public struct RolledBack: Sendable, Equatable, Codable {
        public var phase: String
        public var plan: String
        public init(phase: String, plan: String) { self.phase = phase; self.plan = plan }
    }

    public struct Restarted: Sendable, Equatable, Codable {
        public var from: String
        public var phase: String
        public var plan: PlanRun?
        public init(from: String, phase: String, plan: PlanRun? = nil) { self.from = from; self.phase = phase; self.plan = plan }
    }

    public struct Approved: Sendable, Equatable, Codable {
        public var phase: String
        public var role: String
        public var note: String?
        public init(phase: String, role: String, note: String?) { self.phase = phase; self.role = role; self.note = note }
    }

    public struct StepStarted: Sendable, Equatable, Codable {
        public var plan: PlanRun
        public var index: Int
        /// `route`, `webhook`, `run`, `manual` or `wait`.
        public var step: String
        public var description: String
        public init(plan: PlanRun, index: Int, step: String, description: String) {
            self.plan = plan; self.index = index; self.step = step; self.description = description
        }
    }

    public struct StepEnded: Sendable, Equatable, Codable {
        public var plan: String
        public var index: Int
        public var step: String
        public var outcome: StepOutcome
        public init(plan: String, index: Int, step: String, outcome: StepOutcome) {
            self.plan = plan; self.index = index; self.step = step; self.outcome = outcome
        }
    }

    public struct Confirmed: Sendable, Equatable, Codable {
        public var plan: String
        public var index: Int
        public var text: String
        public var note: String?
        public init(plan: String, index: Int, text: String, note: String?) {
            self.plan = plan; self.index = index; self.text = text; self.note = note
        }
    }

    public struct IssueClosed: Sendable, Equatable, Codable {
        public var id: String
        public var note: String?
        public init(id: String, note: String?) { self.id = id; self.note = note }
    }

    public struct MetricsImported: Sendable, Equatable, Codable {
        public var file: String
        public var digest: String
        public var samples: Int
        /// Samples already stored (an overlapping import), not counted again.
        public var duplicates: Int
        public var start: Date?
        public var end: Date?
        public var unknownChargers: [String]
        /// What the import left stored, per UTC day it added samples to (nil in entries written before
        /// imports recorded it): `verify` checks the sample tables against the latest entry of each day.
        public var stored: [StoredDay]?
        /// For `ocpp import`: where the frame log was read up to (nil for files of samples).
        public var log: FrameLogPosition?
        /// For `ocpp import` of a grown log: samples stored by the import before whose value this one changed
        /// (more events at the instant where the earlier read stopped); nil when none.
        public var replaced: Int?
        public init(file: String, digest: String, samples: Int, duplicates: Int, start: Date?, end: Date?, unknownChargers: [String],
                    stored: [StoredDay]? = nil, log: FrameLogPosition? = nil, replaced: Int? = nil) {
            self.file = file; self.digest = digest; self.samples = samples; self.duplicates = duplicates
            self.start = start; self.end = end; self.unknownChargers = unknownChargers; self.stored = stored
            self.log = log; self.replaced = replaced
        }
        enum CodingKeys: String, CodingKey {
            case file, digest, samples, duplicates, start, end, stored, log, replaced
            case unknownChargers = "unknown_chargers"
        }
    }

    /// One UTC day's samples after an import: the samples the import added to it, and the day's whole
    /// content then (every charger and metric, from every import): chunks, samples and a SHA-256 digest
    /// of the chunks (see docs/metrics.md for the exact bytes).
    public struct StoredDay: Sendable, Equatable, Codable {
        /// `YYYY-MM-DD`.
        public var day: String
        public var added: Int
        public var chunks: Int
        public var samples: Int
        public var digest: String
        public init(day: String, added: Int, chunks: Int, samples: Int, digest: String) {
            self.day = day; self.added = added; self.chunks = chunks; self.samples = samples; self.digest = digest
        }
    }

    /// A cohort moves to a new version of its playbook (`migrate cohort upgrade`).
    public struct PlaybookChanged: Sendable, Equatable, Codable {
        public var playbook: String
        public var fromDigest: String
        public var digest: String
        public var content: String
        public var phaseIndex: Int
        public init(playbook: String, fromDigest: String, digest: String, content: String, phaseIndex: Int) {
            self.playbook = playbook; self.fromDigest = fromDigest; self.digest = digest; self.content = content
            self.phaseIndex = phaseIndex
        }
        enum CodingKeys: String, CodingKey {
            case playbook, digest, content
            case fromDigest = "from_digest", phaseIndex = "phase_index"
        }
    }
}
