import Foundation
internal import Yams

extension PlaybookDecoder {
    func isNull(_ node: Node) -> Bool {
        guard case let .scalar(s) = node, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    private func isPlain(_ scalar: Node.Scalar) -> Bool { scalar.style == .plain || scalar.style == .any }

    /// " (without quotes)" when a number or boolean was written in quotes.
    private func quoteHint(_ node: Node) -> String {
        guard case let .scalar(scalar) = node, !isPlain(scalar) else { return "" }
        return " (numbers and booleans are written without quotes)"
    }

    /// Any non-empty scalar as text (YAML numbers and booleans are accepted as their spelling).
    func string(_ node: Node, _ what: String) -> String? {
        guard case let .scalar(scalar) = node, !isNull(node) else {
            error("\(what) must be text; found \(kind(of: node))", at: node)
            return nil
        }
        if scalar.string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            error("\(what) must not be empty", at: node)
            return nil
        }
        if let problem = TextRules.problem(with: scalar.string, what, limit: ValueLimits.longestText, multiline: true) {
            error(problem, at: node)
            return nil
        }
        return scalar.string
    }

    /// A name a person reads in tables and reports (a phase, backend, role, metric, attribute):
    /// one line of printable text, at most `ValueLimits.longestName` characters.
    func name(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        if let problem = TextRules.problem(with: text, what, limit: ValueLimits.longestName) {
            error(problem, at: node)
            return nil
        }
        return text
    }

    /// A whole number written plainly (not quoted), within `range` when one is given.
    func int(_ node: Node, _ what: String, in range: ClosedRange<Int>? = nil) -> Int? {
        if case let .scalar(scalar) = node, isPlain(scalar), let value = Int(scalar.string.replacingOccurrences(of: "_", with: "")) {
            if let range, !range.contains(value) {
                // "at least 1" reads better than "between 1 and 1000000000" for the usual mistake, a zero.
                let bound = range.lowerBound > 0 && value < range.lowerBound
                    ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
                error("\(what) must be \(bound); found \(value)", at: node)
                return nil
            }
            return value
        }
        if case let .scalar(scalar) = node, isPlain(scalar), isWholeNumberText(scalar.string) {
            let bound = range.map { " (between \($0.lowerBound) and \($0.upperBound))" } ?? ""
            error("\(what) '\(scalar.string.prefix(40))' is too large\(bound)", at: node)
            return nil
        }
        error("\(what) must be a whole number; found \(kind(of: node))\(quoteHint(node))", at: node)
        return nil
    }

    /// A finite number written plainly (not quoted), of magnitude at most `ValueLimits.largestMagnitude`.
    func number(_ node: Node, _ what: String) -> Double? {
        if case let .scalar(scalar) = node, isPlain(scalar), let value = Double(scalar.string), value.isFinite {
            guard abs(value) <= ValueLimits.largestMagnitude else {
                error("\(what) is \(scalar.string.prefix(40)); numbers must be between -1e15 and 1e15", at: node)
                return nil
            }
            return value
        }
        var hint = ""
        if case let .scalar(scalar) = node, scalar.string.hasSuffix("%") { hint = " (write a fraction: 0.97, not 97%)" }
        error("\(what) must be a number; found \(kind(of: node))\(hint.isEmpty ? quoteHint(node) : hint)", at: node)
        return nil
    }

    func bool(_ node: Node, _ what: String) -> Bool? {
        if case let .scalar(scalar) = node, isPlain(scalar) {
            switch scalar.string {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        error("\(what) must be true or false; found \(kind(of: node))\(quoteHint(node))", at: node)
        return nil
    }

    private func isWholeNumberText(_ text: String) -> Bool {
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : text[...]
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "_") }
    }

    /// `90m`, `14d`, ... at most `longest`; `positive` refuses zero.
    func duration(_ node: Node, _ what: String, positive: Bool = false,
                  longest: PlaybookDuration = ValueLimits.longestDuration) -> PlaybookDuration? {
        guard case let .scalar(scalar) = node, !isNull(node) else {
            error("\(what) must be a duration such as '90m' or '14d'; found \(kind(of: node))", at: node)
            return nil
        }
        let written = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
        let digits = scalar.string.dropLast()
        let wellFormed = scalar.string.count >= 2 && PlaybookDuration.Unit(rawValue: scalar.string.last!) != nil
            && digits.allSatisfy { $0.isASCII && $0.isNumber }
        guard let duration = PlaybookDuration(parsing: scalar.string), duration <= longest else {
            if wellFormed {
                error("\(what) '\(written)' is too long; at most \(longest) (\(longest.seconds)s)", at: node)
            } else {
                error("bad duration '\(written)' for \(what); write a whole number and a unit s, m, h, d or w, e.g. '90m' or '14d'", at: node)
            }
            return nil
        }
        if positive, duration.seconds == 0 {
            error("\(what) must be longer than zero", at: node)
            return nil
        }
        return duration
    }

    /// `25%`, within 0–100.
    func percentage(_ node: Node, _ what: String) -> Percentage? {
        guard case let .scalar(scalar) = node, !isNull(node), let value = Percentage(parsing: scalar.string) else {
            error("\(what) must be a percentage such as '25%'; found \(kind(of: node))", at: node)
            return nil
        }
        guard (0...100).contains(value.value) else {
            error("\(what) is \(value), outside 0–100%", at: node)
            return nil
        }
        return value
    }

    /// One of `allowed`, with a suggestion when it is close to one.
    func choice(_ node: Node, _ what: String, _ allowed: [String]) -> String? {
        guard let text = string(node, what) else { return nil }
        guard allowed.contains(text) else {
            error("\(what) must be one of \(allowed.joined(separator: ", ")); found '\(text)'\(Suggestion.hint(for: text, in: allowed))", at: node)
            return nil
        }
        return text
    }

    /// A list of texts; a single text is accepted as a list of one when `single` is true.
    /// With `names`, each entry must be a name (`name(_:_:)`).
    func strings(_ node: Node, _ what: String, single: Bool = true, names: Bool = false) -> [(String, Node)]? {
        let read: (Node, String) -> String? = names ? { self.name($0, $1) } : { self.string($0, $1) }
        if case let .sequence(items) = node {
            var result: [(String, Node)] = []
            for item in items {
                if let text = read(item, "each entry of \(what)") { result.append((text, item)) }
            }
            return result
        }
        if single, case .scalar = node, !isNull(node), let text = read(node, what) { return [(text, node)] }
        error("\(what) must be a list\(single ? " (or a single value)" : ""); found \(kind(of: node))", at: node)
        return nil
    }

    /// The items of a list.
    func items(_ node: Node, _ what: String) -> [Node]? {
        guard case let .sequence(items) = node else {
            error("\(what) must be a list; found \(kind(of: node))", at: node)
            return nil
        }
        return Array(items)
    }
}
