/// Bad input or a failure: exit 1 with the message on standard error.
struct UserError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// The command was refused (gates did not pass, or the cohort's state does not allow it): exit 3.
/// Nothing changed but the journal entry that says so.
struct Refused: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
