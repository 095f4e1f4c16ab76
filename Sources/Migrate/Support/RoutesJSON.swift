import Engine

/// `routes --format json` written by hand: the same bytes `Output.json` gives an array of routes (sorted
/// keys, two-space indent, `" : "`, no escaped slashes, an absent cohort left out), in a fraction of
/// the time, because 100,000 routes through `JSONEncoder` take a second.
enum RoutesJSON {
    static func render(_ routes: [Route]) -> String {
        guard !routes.isEmpty else { return "[\n\n]" }
        var out = "[\n"
        out.reserveCapacity(routes.count * 200)
        var since = RouteSinceText()
        for (k, r) in routes.enumerated() {
            out += "  {\n    \"backend\" : "
            string(r.backend, &out)
            out += ",\n    \"charger\" : "
            string(r.charger, &out)
            if let cohort = r.cohort {
                out += ",\n    \"cohort\" : "
                string(cohort, &out)
            }
            out += ",\n    \"seq\" : \(r.seq),\n    \"since\" : \"\(since.text(r.since))\",\n    \"url\" : "
            string(r.url, &out)
            out += k == routes.count - 1 ? "\n  }\n" : "\n  },\n"
        }
        return out + "]"
    }

    /// A JSON string as Foundation's encoder writes it.
    static func string(_ s: String, _ out: inout String) {
        out += "\""
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { out += s; out += "\""; return }  // nothing to escape
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }
}
