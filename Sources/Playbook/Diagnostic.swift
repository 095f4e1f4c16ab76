/// A problem found in a playbook, with where it is.
///
/// Rendered as `FILE:LINE:COLUMN: error: MESSAGE` (or `warning:`), the format editors and CI logs understand.
/// The message is always one printable line: whatever it quotes from the playbook (or a YAML parser's message
/// about it) is shown with escapes (`TextRules.visible`), so a tab or an escape sequence cannot forge output.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable {
        case error, warning
    }

    public var severity: Severity
    public var message: String
    public var file: String
    public var position: SourcePosition

    public init(_ severity: Severity, _ message: String, file: String, at position: SourcePosition) {
        self.severity = severity
        self.message = TextRules.visible(message)
        self.file = file
        self.position = position
    }

    public var description: String {
        "\(file):\(position.line):\(position.column): \(severity.rawValue): \(message)"
    }
}

/// What loading a playbook gives: the playbook when there is no error, and every diagnostic.
public struct LoadResult: Sendable {
    public var playbook: Playbook?
    public var diagnostics: [Diagnostic]

    public init(playbook: Playbook?, diagnostics: [Diagnostic]) {
        self.playbook = playbook
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
