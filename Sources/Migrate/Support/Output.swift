import Engine
import Foundation

/// Printing helpers: JSON for scripts, aligned tables for people, standard error for messages.
enum Output {
    static func standardError(_ line: String) {
        fflush(nil) // what was printed before comes first, also when standard output is a pipe
        FileHandle.standardError.write(Data((TerminalText.clean(line) + "\n").utf8))
    }

    /// Pretty, sorted, snake_case-keyed JSON with ISO 8601 UTC times.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JournalCoding.encoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        print(try json(value))
    }

    /// A line for people, through `TerminalText.clean` (for code that has a `print` of its own).
    static func line(_ text: String) {
        print(text)
    }

    /// Left-aligned columns separated by two spaces; the header underlined by nothing, as kubectl does.
    /// Cells go through `TerminalText.cell`: one line each, control characters shown escaped, at most 120
    /// characters (a long attribute value cannot pad every row of a listing).
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let header = header.map { TerminalText.cell($0) }
        let rows = rows.map { $0.map { TerminalText.cell($0) } }
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                out += cell
                if i < cells.count - 1 { out += String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            return out
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    static func time(_ date: Date?) -> String { date.map(ISOTime.format) ?? "-" }
}
