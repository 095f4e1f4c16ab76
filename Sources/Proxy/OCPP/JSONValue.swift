/// A JSON value as the proxy reads OCPP payloads: numbers keep their literal text, so a 1.6
/// `transactionId` of `42` and a 2.0.1 one of `"42"` are told apart and nothing is rounded.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member `key` of an object, else nil.
    public subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members[key] }
        return nil
    }

    /// The text of a string value, else nil.
    public var string: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    /// A transaction id as a key: a 1.6 integer's literal or a 2.0.1 string, each marked so that 42 and "42" differ.
    public var identifierKey: String? {
        switch self {
        case let .number(n): "n:" + n
        case let .string(s): "s:" + s
        default: nil
        }
    }
}
