import Foundation

/// `--where ATTR=V1,V2 ...` or `--all`: which of the fleet's chargers a new cohort takes.
public struct CohortSelector: Sendable, Equatable, CustomStringConvertible {
    /// Attribute → allowed values; a charger must match every one. Empty: all chargers.
    public var conditions: [(attribute: String, values: [String])]

    public init(conditions: [(attribute: String, values: [String])]) { self.conditions = conditions }

    public static let all = CohortSelector(conditions: [])

    /// Parses `site=depot-north,mall-west`.
    public static func condition(parsing text: String) throws -> (attribute: String, values: [String]) {
        guard let eq = text.firstIndex(of: "=") else { throw InputError("--where '\(text)' needs the form ATTRIBUTE=VALUE[,VALUE...]") }
        let attribute = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        let values = splitValues(text[text.index(after: eq)...]).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !attribute.isEmpty, !values.isEmpty else { throw InputError("--where '\(text)' needs the form ATTRIBUTE=VALUE[,VALUE...]") }
        return (attribute, values)
    }

    /// The values of a condition: split at commas; `\,` is a comma inside a value (`site=Den Haag\, Hotel 587`)
    /// and `\\` a backslash.
    static func splitValues(_ text: Substring) -> [String] {
        var values: [String] = [], current = ""
        var escaped = false
        for ch in text {
            if escaped {
                if ch != "," && ch != "\\" { current.append("\\") }
                current.append(ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == "," {
                values.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        if escaped { current.append("\\") }
        values.append(current)
        return values
    }

    /// A value as `--where` takes it back: commas and backslashes escaped.
    static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ",", with: "\\,")
    }

    public func matches(_ c: Charger) -> Bool {
        conditions.allSatisfy { cond in
            cond.attribute == "id" ? cond.values.contains(c.id) : (c.attributes[cond.attribute].map(cond.values.contains) ?? false)
        }
    }

    public var description: String {
        conditions.isEmpty ? "--all" : conditions.map { "--where \($0.attribute)=\($0.values.map(Self.escaped).joined(separator: ","))" }.joined(separator: " ")
    }

    public static func == (a: CohortSelector, b: CohortSelector) -> Bool { a.description == b.description }
}
