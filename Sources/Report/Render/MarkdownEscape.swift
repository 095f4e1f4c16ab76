import Playbook

/// Makes plain text (names, titles, reasons, sentences built from them) safe to place in Markdown:
/// it renders as the same characters and cannot open emphasis, a link, an image, HTML, a heading,
/// a list, a quote, a code span or a table cell, nor start a new line.
///
/// Every character CommonMark or GitHub treats as markup is backslash-escaped (CommonMark allows a
/// backslash before any ASCII punctuation); a list marker or heading at the start is escaped too;
/// line breaks, tabs and other control characters become spaces.
enum MarkdownEscape {
    /// Markup anywhere in a line (`!` only opens an image before `[`, which is escaped).
    private static let inline: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "$"]

    /// Text that may start a line (a paragraph, a heading's or list item's text).
    static func text(_ s: String) -> String {
        escapeLineStart(inline(s))
    }

    /// Text inside a line, e.g. a table cell: only inline markup is escaped.
    static func inline(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let characters = Array(s)
        for (i, c) in characters.enumerated() {
            // `_` inside a word (snake_case) never emphasizes; at a word's edge it may.
            if c == "_", i > 0, i + 1 < characters.count, isWordCharacter(characters[i - 1]), isWordCharacter(characters[i + 1]) {
                out.append(c)
                continue
            }
            if c.unicodeScalars.contains(where: { TextRules.isForbidden($0) }) || c == "\t" || c == "\n" || c == "\r\n" {
                out.append(" ")
            } else if inline.contains(c) {
                out.append("\\")
                out.append(c)
            } else {
                out.append(c)
            }
        }
        return out
    }

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }

    /// `- x`, `+ x`, `= x`, `# x`, `1. x`, `1) x` at the start would make a list, a heading, a heading
    /// underline or an item; `#` at the end of a heading would be dropped as its closing sequence.
    private static func escapeLineStart(_ s: String) -> String {
        var s = s
        if s.hasSuffix("#") { s = String(s.dropLast()) + "\\#" }
        guard let first = s.first else { return s }
        if first == "-" || first == "+" || first == "=" || first == "#" { return "\\" + s }
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9 {
            let rest = s.dropFirst(digits.count)
            if let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first.map({ $0 == " " }) ?? true {
                return digits + "\\" + rest
            }
        }
        return s
    }
}
