/// What kind of failure an error is: the one classification front ends map to their own codes
/// (the command line to exit codes, the HTTP API to statuses), each in one place.
public enum ErrorKind: String, Sendable, Equatable, CaseIterable {
    /// The thing named does not exist: a cohort, an issue, a charger, a file.
    case notFound = "not-found"
    /// It clashes with what exists: a name already taken, an issue already closed, a charger in another cohort.
    case conflict
    /// Another command moved the cohort between reading and committing; nothing changed.
    case moved
    /// The state machine refused: gates did not pass, or the cohort's state does not allow the command.
    case refused
    /// The input is wrong: a playbook, a file's row, an argument; the error says where.
    case invalidInput = "invalid-input"
    /// No valid credentials: a request without a token, or with an unknown, revoked or expired one.
    case unauthenticated
    /// The person acting may not do this.
    case forbidden
    /// The store or a service it needs cannot do it now: unreadable, read-only, unreachable, newer schema.
    case unavailable
}

/// An error that says what kind of failure it is. Every error the application layer throws on purpose is one;
/// anything else is a bug or an unexpected failure, rendered as such.
public protocol KindedError: Error, CustomStringConvertible {
    var kind: ErrorKind { get }
}
