import Foundation
import Playbook

/// An issue record: a known problem, its severity, and whether it is a risk of the pilot or of the fleet.
public struct IssueRecord: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    public var severity: Severity
    /// nil: not classified yet.
    public var scope: IssueScope?
    /// nil: not tied to one cohort (counts for every cohort).
    public var cohort: String?
    public var owner: String?
    public var url: String?
    public var openedAt: Date
    public var openedBy: String
    public var closedAt: Date?
    public var closedBy: String?
    public var closeNote: String?

    public init(id: String, title: String, severity: Severity, scope: IssueScope? = nil, cohort: String? = nil,
                owner: String? = nil, url: String? = nil, openedAt: Date, openedBy: String,
                closedAt: Date? = nil, closedBy: String? = nil, closeNote: String? = nil) {
        self.id = id
        self.title = title
        self.severity = severity
        self.scope = scope
        self.cohort = cohort
        self.owner = owner
        self.url = url
        self.openedAt = openedAt
        self.openedBy = openedBy
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.closeNote = closeNote
    }

    public var isOpen: Bool { closedAt == nil }

    enum CodingKeys: String, CodingKey {
        case id, title, severity, scope, cohort, owner, url
        case openedAt = "opened_at", openedBy = "opened_by", closedAt = "closed_at", closedBy = "closed_by"
        case closeNote = "close_note"
    }
}

/// One person's approval of a cohort's current phase, in one role.
public struct ApprovalRecord: Sendable, Equatable, Codable {
    public var cohort: String
    public var phase: String
    public var actor: String
    public var role: String
    public var at: Date
    public var note: String?

    public init(cohort: String, phase: String, actor: String, role: String, at: Date, note: String? = nil) {
        self.cohort = cohort
        self.phase = phase
        self.actor = actor
        self.role = role
        self.at = at
        self.note = note
    }
}

/// A charger of the cohort being judged: its attributes and the backend it is routed to now.
public struct GroupCharger: Sendable, Equatable {
    public var id: String
    public var attributes: [String: String]
    public var backend: String

    public init(id: String, attributes: [String: String], backend: String) {
        self.id = id
        self.attributes = attributes
        self.backend = backend
    }
}

/// Where another cohort is, for `after` gates.
public struct CohortMilestone: Sendable, Equatable {
    /// The phases of its playbook, in order.
    public var phases: [String]
    public var phaseIndex: Int
    /// `active`, `paused`, `rolling-back`, `rolled-back` or `completed`.
    public var status: String

    public init(phases: [String], phaseIndex: Int, status: String) {
        self.phases = phases
        self.phaseIndex = phaseIndex
        self.status = status
    }

    /// Whether it has reached phase `name` (is in it or went past it). A rolled-back cohort has reached nothing.
    public func reached(phase name: String) -> Bool {
        if status == "completed" { return phases.contains(name) }
        if status == "rolled-back" || status == "rolling-back" { return false }
        guard let i = phases.firstIndex(of: name) else { return false }
        return i <= phaseIndex
    }
}
