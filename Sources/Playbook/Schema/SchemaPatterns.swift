/// Regular expressions the JSON Schema uses to state the ranges `ValueLimits` sets, so an editor
/// flags `soak: 9999999d` as the validator does. Written for JSON text (backslashes doubled).
enum SchemaPatterns {
    /// A duration of at most `longest` (zero allowed unless `positive`): `^0*(?:(?:…)s|(?:…)m|…)$`.
    static func duration(longest: PlaybookDuration, positive: Bool) -> String {
        let units = PlaybookDuration.Unit.allCases.map { unit in
            "(?:\(upTo(ValueLimits.largestCount(of: unit, within: longest), positive: positive)))\(unit.rawValue)"
        }
        return "^0*(?:" + units.joined(separator: "|") + ")$"
    }

    /// One line of printable text: none of the scalars `TextRules` forbids in a name.
    static let name = #"^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]+$"#

    /// Free text: as `name`, but tabs and line feeds are allowed.
    static let text = #"^[^\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u2028\\u2029\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]*$"#

    /// A regular expression for the decimal numbers 0...n (or 1...n) without leading zeros.
    static func upTo(_ n: Int64, positive: Bool) -> String {
        let digits = Array(String(n)).map { Int(String($0))! }
        var parts: [String] = [positive ? "[1-9]" : "[0-9]"]
        if digits.count == 1 {
            return positive ? (n >= 1 ? "[1-\(n)]" : "(?!)") : "[0-\(n)]"
        }
        // Every number with fewer digits than n.
        for length in stride(from: 2, to: digits.count, by: 1) {
            parts.append("[1-9]" + repeated(length - 1))
        }
        // Numbers with as many digits as n: a common prefix, one smaller digit, then anything.
        for i in 0..<digits.count {
            let low = i == 0 ? 1 : 0
            let high = digits[i] - 1
            guard high >= low else { continue }
            let prefix = digits[..<i].map(String.init).joined()
            parts.append(prefix + (low == high ? "\(low)" : "[\(low)-\(high)]") + repeated(digits.count - i - 1))
        }
        parts.append(String(n))
        return parts.joined(separator: "|")
    }

    private static func repeated(_ count: Int) -> String {
        switch count {
        case 0: ""
        case 1: "[0-9]"
        default: "[0-9]{\(count)}"
        }
    }
}
