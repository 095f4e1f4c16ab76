import Foundation

/// What was hand-held: plan steps by kind, manual steps and who confirmed them, who approved, who resolved issues.
public struct OperatingModel: Sendable, Equatable {
    /// Plan steps started, by step keyword (`route`, `webhook`, `run`, `manual`, `wait`).
    public var steps: [Tally]
    public var failedSteps: Int
    public var manual: [ManualStep]
    public var approvals: [Tally]
    /// Issues (of this cohort or none) closed, by who closed them.
    public var resolvedBy: [Tally]
    public var openIssues: Int
    /// Journal entries of the cohort, by actor.
    public var actors: [Tally]

    public init(steps: [Tally], failedSteps: Int, manual: [ManualStep], approvals: [Tally], resolvedBy: [Tally],
                openIssues: Int, actors: [Tally]) {
        self.steps = steps
        self.failedSteps = failedSteps
        self.manual = manual
        self.approvals = approvals
        self.resolvedBy = resolvedBy
        self.openIssues = openIssues
        self.actors = actors
    }

    public var totalSteps: Int { steps.reduce(0) { $0 + $1.count } }
    public var manualSteps: Int { steps.first { $0.name == "manual" }?.count ?? 0 }
}

/// A name and how many times it occurs.
public struct Tally: Sendable, Equatable {
    public var name: String
    public var count: Int
    /// What it covers, e.g. the roles an approver approved for.
    public var detail: String?

    public init(name: String, count: Int, detail: String? = nil) {
        self.name = name
        self.count = count
        self.detail = detail
    }
}

/// A manual plan step and who confirmed it.
public struct ManualStep: Sendable, Equatable {
    public var plan: String
    public var text: String
    public var startedAt: Date
    public var confirmedBy: String?
    public var confirmedAt: Date?

    public init(plan: String, text: String, startedAt: Date, confirmedBy: String?, confirmedAt: Date?) {
        self.plan = plan
        self.text = text
        self.startedAt = startedAt
        self.confirmedBy = confirmedBy
        self.confirmedAt = confirmedAt
    }
}
