import Foundation
import Gates
import Playbook

/// An issue as the report lists it.
public struct IssueLine: Sendable, Equatable {
    public var id: String
    public var title: String
    public var severity: Severity
    /// nil: nobody said whether it is pilot-specific or fleet-wide (the report flags it).
    public var scope: IssueScope?
    /// nil: not tied to one cohort.
    public var cohort: String?
    public var owner: String?
    public var url: String?
    public var openedAt: Date
    /// Whole days since it was opened, at the report's `now` (open issues) or when it was closed.
    public var ageDays: Int
    public var closedBy: String?

    public init(_ r: IssueRecord, now: Date) {
        id = r.id
        title = r.title
        severity = r.severity
        scope = r.scope
        cohort = r.cohort
        owner = r.owner
        url = r.url
        openedAt = r.openedAt
        ageDays = max(0, Int((r.closedAt ?? now).timeIntervalSince(r.openedAt) / 86_400))
        closedBy = r.closedBy
    }

    public var scopeText: String { scope?.rawValue ?? "unclassified" }
}
