import Engine
import Foundation

/// `routes --format csv`: RFC 4180 (a field with a comma, a quote or a line feed is quoted, its quotes doubled),
/// the whole table in one string. Fields are scanned as UTF-8 bytes and the `since` text of consecutive routes
/// set by the same entry is formatted once, because 100,000 routes through `Character` comparisons and a
/// `print` each took a second.
enum RoutesCSV {
    static let header = "charger,cohort,backend,url,since,seq"

    static func render(_ routes: [Route]) -> String {
        var out = header
        out.reserveCapacity(routes.count * 120 + header.utf8.count)
        var since = RouteSinceText()
        for r in routes {
            out += "\n"
            field(r.charger, &out)
            out += ","
            field(r.cohort ?? "", &out)
            out += ","
            field(r.backend, &out)
            out += ","
            field(r.url, &out)
            out += ","
            field(since.text(r.since), &out)
            out += ","
            out += String(r.seq)
        }
        return out
    }

    /// Quoted when one of its characters is a comma, a quote or a line feed. The bytes rule out most fields; one
    /// that holds such a byte is judged by its characters (a comma under a combining mark or a CR LF pair is
    /// another character, and stays unquoted as before).
    static func field(_ s: String, _ out: inout String) {
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A }),
              s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { out += s; return }
        out += "\""
        out += s.replacingOccurrences(of: "\"", with: "\"\"")
        out += "\""
    }
}

/// `ISOTime.format` of the routes' `since`, remembering the last one: routes come by charger, and the chargers a
/// transition moved share its time.
struct RouteSinceText {
    private var last: (date: Date, text: String)?

    mutating func text(_ date: Date) -> String {
        if let last, last.date == date { return last.text }
        let text = ISOTime.format(date)
        last = (date, text)
        return text
    }
}
