/// Which characters names and free text may hold, wherever they enter (playbooks, imports, the command line).
///
/// Names (phases, backends, roles, metrics, attribute names, actors) are one line of printable text:
/// no control character (C0, DEL, C1), no line or paragraph separator and no bidirectional override
/// or isolate, which could make a terminal, a table or a report show something other than what is
/// stored. Free text (titles, reasons, notes, descriptions) may also hold tabs and line feeds.
public enum TextRules {
    /// The first scalar `text` may not hold, or nil when it is acceptable.
    public static func forbiddenScalar(in text: String, multiline: Bool = false) -> Unicode.Scalar? {
        text.unicodeScalars.first { isForbidden($0, multiline: multiline) }
    }

    public static func isForbidden(_ u: Unicode.Scalar, multiline: Bool = false) -> Bool {
        if multiline, u == "\n" || u == "\t" { return false }
        switch u.value {
        case 0x00...0x1F, 0x7F...0x9F: return true           // C0, DEL, C1 controls
        case 0x2028, 0x2029: return true                      // line and paragraph separators
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidi marks, overrides, isolates
        default: return false
        }
    }

    /// `U+001B`: how a forbidden scalar is named in messages.
    public static func describe(_ u: Unicode.Scalar) -> String {
        let hex = String(u.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Why `text` cannot be used as `what`, or nil when it can: a forbidden character, or longer than `limit`.
    public static func problem(with text: String, _ what: String, limit: Int, multiline: Bool = false) -> String? {
        if let bad = forbiddenScalar(in: text, multiline: multiline) {
            let kind = bad == "\n" || bad == "\r" || bad.value == 0x2028 || bad.value == 0x2029 ? "a line break"
                : (0x200E...0x2069).contains(bad.value) ? "a bidirectional control" : "a control character"
            return "\(what) contains \(kind) (\(describe(bad))), which is not allowed"
                + (multiline ? "" : "; it must be one line of printable text")
        }
        if text.utf8.count <= limit { return nil }
        let length = text.count
        if length > limit {
            return "\(what) is \(length) characters long; at most \(limit) are allowed"
        }
        return nil
    }

    /// `text` with every forbidden scalar (line feeds and tabs too) shown as an escape, `\u{1B}`, `\n`:
    /// how messages quote text that came from outside, so it cannot move the cursor or forge a line.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isForbidden($0) }) else { return text }
        var out = ""
        for u in text.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if isForbidden(u) { out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
