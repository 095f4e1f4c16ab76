import Engine
import HTTPTypes

/// The one place an error kind becomes an HTTP status (the command line's counterpart is `ErrorRendering`).
public enum ProblemMapping {
    public static func status(for kind: ErrorKind) -> HTTPResponse.Status {
        switch kind {
        case .notFound: .notFound
        case .conflict, .moved, .refused: .conflict
        case .invalidInput: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .unavailable: .serviceUnavailable
        }
    }

    /// The problem's `title`: the kind in words.
    public static func title(for kind: ErrorKind) -> String {
        switch kind {
        case .notFound: "Not found"
        case .conflict: "Conflict"
        case .moved: "Moved meanwhile"
        case .refused: "Refused"
        case .invalidInput: "Invalid input"
        case .unauthenticated: "Unauthenticated"
        case .forbidden: "Forbidden"
        case .unavailable: "Unavailable"
        }
    }
}
