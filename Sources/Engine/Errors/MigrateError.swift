/// A failure the application reports on purpose: its kind, what is wrong (for a person, without advice
/// about any front end's commands), and what it is about (for front ends that add their own hints).
public struct MigrateError: KindedError, Sendable, Equatable {
    public var kind: ErrorKind
    public var message: String
    public var subject: Subject?

    /// What the error is about, for a front end that wants to say more (e.g. which command creates a cohort).
    public enum Subject: Sendable, Equatable {
        case cohort(String, known: [String])
        case issue(String)
        case fleet
        case store(String)
        case file(String)
    }

    public init(_ kind: ErrorKind, _ message: String, subject: Subject? = nil) {
        self.kind = kind
        self.message = message
        self.subject = subject
    }

    public var description: String { message }
}

extension MigrateError {
    public static func unknownCohort(_ name: String, known: [String]) -> MigrateError {
        var message = "no cohort named '\(name)'"
        message += known.isEmpty ? "; there are no cohorts yet" : "; cohorts: " + known.joined(separator: ", ")
        return MigrateError(.notFound, message, subject: .cohort(name, known: known))
    }

    public static func unknownIssue(_ id: String) -> MigrateError {
        MigrateError(.notFound, "no issue \(id)", subject: .issue(id))
    }

    public static func invalid(_ message: String, subject: Subject? = nil) -> MigrateError {
        MigrateError(.invalidInput, message, subject: subject)
    }

    public static func unavailable(_ message: String, subject: Subject? = nil) -> MigrateError {
        MigrateError(.unavailable, message, subject: subject)
    }

    public static func conflict(_ message: String, subject: Subject? = nil) -> MigrateError {
        MigrateError(.conflict, message, subject: subject)
    }
}
