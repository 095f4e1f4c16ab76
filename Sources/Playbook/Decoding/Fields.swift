internal import Yams

/// The entries of a YAML mapping that passed the key check, with where the mapping starts.
struct Fields {
    let position: SourcePosition
    private(set) var entries: [(key: String, keyNode: Node, value: Node)] = []

    init(position: SourcePosition) { self.position = position }

    mutating func append(_ key: String, _ keyNode: Node, _ value: Node) { entries.append((key, keyNode, value)) }

    subscript(key: String) -> Node? { entries.first { $0.key == key }?.value }
    func keyNode(_ key: String) -> Node? { entries.first { $0.key == key }?.keyNode }
    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }
}

extension PlaybookDecoder {
    /// Checks that `node` is a mapping whose keys are all in `allowed` and that every `required` key
    /// is present; reports each unknown key (with a suggestion) and each missing key.
    /// - Parameter what: how to name the mapping in messages, e.g. "phase 'pilot'".
    func fields(_ node: Node, _ what: String, allowed: [String], required: [String] = []) -> Fields? {
        guard case let .mapping(mapping) = node else {
            error("\(what) must be a mapping with keys such as \(quoteList(Array(allowed.prefix(3)))); found \(kind(of: node))", at: node)
            return nil
        }
        var fields = Fields(position: position(of: node))
        var suggested: Set<String> = []
        for (keyNode, value) in mapping {
            guard case let .scalar(scalar) = keyNode else {
                error("keys must be plain names; found \(kind(of: keyNode)) as a key", at: keyNode)
                continue
            }
            let key = scalar.string.count > 80 ? String(scalar.string.prefix(80)) + "…" : scalar.string
            if allowed.contains(key) {
                fields.append(key, keyNode, value)
            } else {
                let suggestion = isSaturated ? nil : Suggestion.closest(to: key, in: allowed)
                if let suggestion { suggested.insert(suggestion) }
                error("unknown key '\(key)' in \(what)\(suggestion.map { "; did you mean '\($0)'?" } ?? "")", at: keyNode)
            }
        }
        // A misspelt required key is reported once, where it is written, not again as missing.
        for key in required where !fields.has(key) && !suggested.contains(key) {
            error("missing required key '\(key)' in \(what)", at: node)
        }
        return fields
    }

    /// How a node reads in a message: "a mapping", "a list", "the text 'abc'", "nothing".
    func kind(of node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case let .scalar(scalar):
            if isNull(node) { return "nothing (an empty value)" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            return quoted ? "the quoted text '\(text)'" : "'\(text)'"
        }
    }

    func quoteList(_ words: [String]) -> String { words.map { "'\($0)'" }.joined(separator: ", ") }
}
