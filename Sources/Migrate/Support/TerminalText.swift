import Playbook

/// What reaches the terminal: text from the store, the playbook or the command line can hold escape
/// sequences, carriage returns or bidirectional overrides that would recolour the screen, move the
/// cursor or make a line read as something else. Every human-readable line goes through here
/// (`print` in this module, `Output.table`, `Output.standardError`), so no command can forget.
enum TerminalText {
    /// `text` with every control character, line separator and bidirectional control shown as `\u001B`,
    /// except the line feeds and tabs the program itself lays text out with. The escape is JSON's own, so
    /// JSON printed this way stays valid and means the same (its encoder leaves C1 controls, U+2028 and
    /// bidirectional controls raw).
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { TextRules.isForbidden($0, multiline: true) }) else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            if TextRules.isForbidden(u, multiline: true) {
                let hex = String(u.value, radix: 16, uppercase: true)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    /// One table cell: line feeds and tabs escaped too (a cell is one line), at most `widest` characters.
    static func cell(_ text: String, widest: Int = 120) -> String {
        let visible = TextRules.visible(text)
        guard visible.count > widest else { return visible }
        return String(visible.prefix(widest - 1)) + "…"
    }
}

/// Every `print` of the command line goes through `TerminalText.clean`.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { String(describing: $0) }.joined(separator: separator)
    Swift.print(TerminalText.clean(text), terminator: terminator)
}
