/// What a person may do through the service, as their token says. Each role includes the one before it in
/// reading; approving needs the approval role named on the token (`approves`), whatever the token's role.
public enum Role: String, Sendable, Equatable, Codable, CaseIterable {
    /// Reads: status, gates, history, verify, routes, reports, segments, issues, the fleet.
    case viewer
    /// Reads, and moves cohorts: advance, pause, resume, rollback, confirm, restart, evaluate, issues, metrics imports.
    case `operator`
    /// Reads, and approves in the approval roles the token names.
    case approver
    /// Everything an operator does, and the fleet, cohorts, segments and tokens.
    case admin

    /// Whether this role (with approval roles `approves`) may take `action`.
    public func allows(_ action: Action, approves: [String]) -> Bool {
        switch action {
        case .read: true
        case .operate: self == .operator || self == .admin
        case let .approve(role): (self == .approver || self == .admin) && approves.contains(role)
        case .administer: self == .admin
        }
    }

    /// `viewer, operator, approver, admin`: for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// What a request asks to do, as the service's role check sees it.
public enum Action: Sendable, Equatable, CustomStringConvertible {
    case read
    case operate
    /// Approve the cohort's current phase in this approval role.
    case approve(String)
    case administer

    /// Whether the action changes anything (a refused write is journaled; a refused read is not).
    public var isWrite: Bool { self != .read }

    /// What the action needs, in words: `the operator or admin role`.
    public var requirement: String {
        switch self {
        case .read: "any role"
        case .operate: "the operator or admin role"
        case let .approve(role): "the approver (or admin) role with approval role \(role) on the token"
        case .administer: "the admin role"
        }
    }

    public var description: String {
        switch self {
        case .read: "read"
        case .operate: "operate"
        case let .approve(role): "approve as \(role)"
        case .administer: "administer"
        }
    }
}
