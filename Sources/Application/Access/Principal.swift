import Engine

/// Who a request acts for, as their token says: the journal's actor is `person`, never a header the client sets.
public struct Principal: Sendable, Equatable {
    public var person: String
    public var role: Role
    public var approves: [String]
    public var tokenID: String

    public init(person: String, role: Role, approves: [String], tokenID: String) {
        self.person = person
        self.role = role
        self.approves = approves
        self.tokenID = tokenID
    }

    public init(_ token: TokenRecord) {
        self.init(person: token.person, role: token.role, approves: token.approves, tokenID: token.id)
    }

    /// The same clock as `invocation`, this person acting.
    public func invocation(_ invocation: Invocation) -> Invocation { invocation.acting(as: person) }
}

/// A request without a valid token: missing, unknown, revoked or expired. The message says which, but never
/// whose token it would have been.
public struct UnauthenticatedError: KindedError, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var kind: ErrorKind { .unauthenticated }
    public var description: String { message }
}

/// A person whose token lacks the role for what they asked; writes refused so are journaled (`access-denied`).
public struct ForbiddenError: KindedError, Equatable {
    public init(person: String, role: Role, action: Action, entry: Int64?, counted: Bool = false) {
        self.person = person; self.role = role; self.action = action; self.entry = entry; self.counted = counted
    }

    public var person: String
    public var role: Role
    public var action: Action
    /// The `access-denied` entry, for writes.
    public var entry: Int64?
    /// A refused write not journaled, only counted: this person was refused on this route less than a minute ago
    /// (`AccessDenialThrottle`); the next entry says how many refusals it stands for.
    public var counted = false
    public var kind: ErrorKind { .forbidden }
    public var description: String {
        "\(person)'s token is \(role.rawValue); this needs \(action.requirement)" + (entry.map { " (journal entry \($0))" } ?? "")
            + (counted ? " (refused again within a minute: counted, and journaled with the next entry for this route)" : "")
    }
}
