extension KPIAggregate {
    /// OCPP.md's JSON: `{"totals": {...}, "per_charger": {...}, "by_day": {...}}`, metrics in the table's
    /// order, chargers and days sorted, numbers as numbers (integers without a fraction).
    public func json() -> String {
        var out = "{\n  \"totals\": " + Self.object(totals, indent: "  ") + ",\n  \"per_charger\": {"
        let chargers = chargerIDs.sorted()
        for (k, id) in chargers.enumerated() {
            out += (k == 0 ? "\n" : ",\n") + "    " + Self.quoted(id) + ": " + Self.object(values(ofCharger: id)!, indent: "    ")
        }
        out += chargers.isEmpty ? "},\n  \"by_day\": {" : "\n  },\n  \"by_day\": {"
        let days = self.days
        for (k, day) in days.enumerated() {
            out += (k == 0 ? "\n" : ",\n") + "    \"" + Timestamp.dayText(day) + "\": " + Self.object(values(onDay: day), indent: "    ")
        }
        out += days.isEmpty ? "}\n}" : "\n  }\n}"
        return out
    }

    static func object(_ values: [Double], indent: String) -> String {
        "{" + KPIMetric.allCases.map { "\"\($0.rawValue)\": " + number(values[$0.index]) }.joined(separator: ", ") + "}"
    }

    /// An integer-valued number without a fraction; any other in Swift's shortest round-trip form.
    public static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return v.description
    }

    /// A JSON string literal.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
