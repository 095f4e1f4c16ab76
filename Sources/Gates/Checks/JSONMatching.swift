import Foundation
import Playbook

/// Matches `expect_json` against a response body: each path (`missing`, `summary.missing`, `items.0.id`) must
/// lead to a value equal to the expected one (numbers compare as numbers, objects regardless of key order).
enum JSONMatching {
    /// The expectations that do not hold, each in words; a failure when the body cannot be read as JSON.
    static func mismatches(_ expected: [JSONExpectation], body: Data, complete: Bool) -> Result<[String], Unreadable> {
        guard complete else {
            return .failure(Unreadable("the body is longer than \(CheckObservation.bodyLimit) bytes, too long to check its JSON"))
        }
        guard let tree = try? JSONDecoder().decode(JSONTree.self, from: body) else {
            return .failure(Unreadable("the body is not JSON"))
        }
        var wrong: [String] = []
        for e in expected {
            guard let found = lookup(e.path, in: tree) else {
                wrong.append("\(e.path) is missing (expected \(e.value.jsonText))")
                continue
            }
            if !matches(found, e.value) { wrong.append("\(e.path) is \(found.text) (expected \(e.value.jsonText))") }
        }
        return .success(wrong)
    }

    struct Unreadable: Error {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func lookup(_ path: String, in tree: JSONTree) -> JSONTree? {
        var node = tree
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            switch node {
            case let .object(members):
                guard let next = members[String(part)] else { return nil }
                node = next
            case let .array(items):
                guard let i = Int(part), items.indices.contains(i) else { return nil }
                node = items[i]
            default:
                return nil
            }
        }
        return node
    }

    static func matches(_ found: JSONTree, _ expected: JSONValue) -> Bool {
        switch (found, expected) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a.count == b.count && zip(a, b).allSatisfy { matches($0, $1) }
        case let (.object(a), .object(b)):
            a.count == b.count && b.allSatisfy { member in a[member.key].map { matches($0, member.value) } ?? false }
        default: false
        }
    }
}

extension JSONMatching.Unreadable: CustomStringConvertible {}

/// A parsed JSON document (objects as dictionaries: order does not matter for matching).
indirect enum JSONTree: Decodable {
    case null, bool(Bool), number(Double), string(String), array([JSONTree]), object([String: JSONTree])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONTree].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONTree].self)) }
    }

    /// Compact JSON text, for messages.
    var text: String {
        switch self {
        case .null: "null"
        case let .bool(b): b ? "true" : "false"
        case let .number(n): JSONValue.number(n).jsonText
        case let .string(s): JSONValue.string(s).jsonText
        case let .array(a): "[" + a.map(\.text).joined(separator: ",") + "]"
        case let .object(o): "{" + o.keys.sorted().map { JSONValue.string($0).jsonText + ":" + o[$0]!.text }.joined(separator: ",") + "}"
        }
    }
}
