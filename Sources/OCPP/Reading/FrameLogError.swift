/// A frame log that cannot be read: which file, which line (1-based; nil for the file as a whole), and why.
public struct FrameLogError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, the shape every diagnostic of `migrate` has.
    public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
}

/// Something worth saying about a log that does not stop it being counted (a truncated last line, an
/// answer with no open CALL, frames before their connection's `connected`).
public struct FrameLogWarning: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): warning: \(message)" }
}
