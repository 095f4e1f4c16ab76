import Foundation
@testable import Report
import Testing

/// Issue 9, class 9: the Markdown report shows what users wrote as text; it cannot add markup.
@Suite("Markdown escaping")
struct MarkdownEscapeTests {
    @Test func hostileTitlesOwnersAndActorsStayText() {
        let hostile = "**bold** [link](https://evil.example) ![img](x) <img src=x> `code` | forged | cell |\n# Heading\n- item"
        let issue = Fixture.issue("I-7", .high, scope: nil, title: hostile, owner: "_eve_ <b>")
        let journal = [Fixture.entry(1, 0, Fixture.created.event, actor: "mallory | x\n| 99 | fake |", reason: "*why* ~~not~~ $x$")]
        let md = MarkdownRenderer.render(CheckpointReport.assemble(Fixture.input(journal: journal, issues: [issue])))
        #expect(md.contains(#"\*\*bold\*\* \[link\](https://evil.example) !\[img\](x) \<img src=x\> \`code\` \| forged \| cell \| # Heading - item"#), "\(md)")
        #expect(md.contains(#"\_eve\_ \<b\>"#))
        #expect(md.contains(#"mallory \| x \| 99 \| fake \|"#))
        #expect(md.contains(#"\*why\* \~\~not\~\~ \$x\$"#))
        // No line of the document starts with text a user wrote.
        for line in md.split(separator: "\n") {
            #expect(!line.hasPrefix("# Heading") && !line.hasPrefix("- item") && !line.hasPrefix("| 99"), "\(line)")
        }
    }

    @Test func lineStartsAndControlsAreEscaped() {
        let cases: [(String, String)] = [
            ("- not a list", "\\- not a list"), ("1. not an item", "1\\. not an item"), ("0.97 is fine", "0.97 is fine"),
            ("# not a heading", "\\# not a heading"), ("ends with #", "ends with \\#"), ("tab\there", "tab here"),
            ("esc\u{1B}[31m", "esc \\[31m"), ("a & b", "a \\& b"),
        ]
        for (text, escaped) in cases {
            #expect(MarkdownEscape.text(text) == escaped, "\(text.debugDescription)")
        }
        #expect(MarkdownEscape.inline("- 1. #7") == "- 1. #7")
        #expect(MarkdownEscape.inline("session_start_success _x_") == "session_start_success \\_x\\_")
    }
}
