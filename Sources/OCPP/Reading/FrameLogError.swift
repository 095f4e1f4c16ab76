/// A frame log that cannot be read: which file, which line (1-based; nil for the file as a whole), and why.
public struct FrameLogError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = MessageText.printable(message)
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

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = MessageText.printable(message)
    }

    public var description: String { "\(file):\(line): warning: \(message)" }
}

/// How messages about a log quote what they found in it: always one printable line. Control characters (C0, DEL,
/// C1), line and paragraph separators and bidirectional controls from the log are shown as `\u{7F}`, so a hostile
/// log cannot move a terminal's cursor or forge a line of output. Every `FrameLogError` goes through here.
enum MessageText {
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        var out = ""
        for u in text.unicodeScalars {
            if isHidden(u) { out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    static func isHidden(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
