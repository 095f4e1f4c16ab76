import Foundation

/// The templates a plan step may use (`{{cohort}}`, ...), filled in from the event the plan runs for.
public enum PlanTemplates {
    public static let names: Set<String> = ["cohort", "phase", "from_phase", "status", "reason", "actor", "playbook", "plan"]
    /// A `check:` gate may also use `{{chargers}}`: the ids of the cohort's chargers on `to`, comma-separated.
    public static let checkNames: Set<String> = names.union(["chargers"])

    /// The names `text` refers to: `{{ name }}` with a single word inside (other text with braces is left alone).
    public static func references(in text: String) -> [String] {
        var result: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let inside = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !inside.isEmpty, inside.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) { result.append(inside) }
            rest = rest[close.upperBound...]
        }
        return result
    }
}
