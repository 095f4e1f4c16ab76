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
        return scalar.string
    }

    /// A whole number written plainly (not quoted).
    func int(_ node: Node, _ what: String) -> Int? {
        if case let .scalar(scalar) = node, isPlain(scalar), let value = Int(scalar.string.replacingOccurrences(of: "_", with: "")) {
            return value
        }
        error("\(what) must be a whole number; found \(kind(of: node))\(quoteHint(node))", at: node)
        return nil
    }

    /// A finite number written plainly (not quoted).
    func number(_ node: Node, _ what: String) -> Double? {
        if case let .scalar(scalar) = node, isPlain(scalar), let value = Double(scalar.string), value.isFinite {
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

    /// `90m`, `14d`, ... ; `positive` refuses zero.
    func duration(_ node: Node, _ what: String, positive: Bool = false) -> PlaybookDuration? {
        guard case let .scalar(scalar) = node, !isNull(node) else {
            error("\(what) must be a duration such as '90m' or '14d'; found \(kind(of: node))", at: node)
            return nil
        }
        guard let duration = PlaybookDuration(parsing: scalar.string) else {
            error("bad duration '\(scalar.string)' for \(what); write a whole number and a unit s, m, h, d or w, e.g. '90m' or '14d'", at: node)
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
    func strings(_ node: Node, _ what: String, single: Bool = true) -> [(String, Node)]? {
        if case let .sequence(items) = node {
            var result: [(String, Node)] = []
            for item in items {
                if let text = string(item, "each entry of \(what)") { result.append((text, item)) }
            }
            return result
        }
        if single, case .scalar = node, !isNull(node), let text = string(node, what) { return [(text, node)] }
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
