import Foundation
import Engine
import Playbook

/// Fills `{{name}}` references in playbook text from a plan event, escaped for where the text lands.
///
/// A reference is `{{` + optional spaces + a name of `a-z`, `0-9` and `_` + optional spaces + `}}`.
/// Values are substituted once: a value that itself contains `{{cohort}}` stays as written.
/// Text that is not a reference (a lone `{{`, `{{ not a name }}`) is left as written.
/// An unknown name is an error: the step fails before anything is sent, rather than
/// sending `{{cohrt}}` to the people on call.
public struct TemplateRenderer: Sendable {
    /// Name → value, as `PlanEvent.templateValues` gives them.
    public var values: [String: String]

    public init(values: [String: String]) {
        self.values = values
    }

    public init(event: PlanEvent) {
        self.init(values: event.templateValues)
    }

    /// The names a playbook may use: `cohort`, `phase`, `from_phase`, `status`, `reason`, `actor`, `playbook`, `plan`.
    public static let knownNames: Set<String> = PlanTemplates.names

    /// Where a rendered value lands, which decides how it is escaped.
    public enum Context: Sendable, Equatable {
        /// Inside a JSON string (the caller encodes the JSON, so the value goes in as it is).
        case jsonString
        /// A URL: values are percent-encoded (everything but `A-Z a-z 0-9 - . _ ~`), so a value never adds
        /// a `/`, `?`, `#`, `&` or `=`; and a path segment that values leave empty, `.` or `..` (in any
        /// spelling, `%2e%2E` included) is refused, so a value can never add, remove or climb out of
        /// its segment. See `URLSegmentGuard`.
        case url
        /// A header value: CR, LF and other control characters are removed from the whole result.
        case header
        /// A program argument: the value as it is (no shell ever sees it); only NUL is removed.
        case argument
    }

    /// Renders `template` for `context`.
    public func render(_ template: String, for context: Context) throws(TemplateError) -> String {
        var out = ""
        var segments = URLSegmentGuard()
        for piece in Self.parse(template) {
            switch piece {
            case let .text(text):
                out += text
                if context == .url { try segments.literal(text) }
            case let .reference(name):
                guard let value = values[name] else {
                    throw TemplateError(name: name, known: values.keys.sorted())
                }
                let escaped = Self.escape(value, for: context)
                out += escaped
                if context == .url { segments.value(escaped, name: name) }
            }
        }
        if context == .url { try segments.end() }
        switch context {
        case .header: return Self.stripControlCharacters(out)
        case .argument: return out.replacingNUL()
        case .jsonString, .url: return out
        }
    }

    /// Renders every string (keys too) of a JSON tree; the JSON encoder does the escaping.
    public func render(_ json: JSONValue) throws(TemplateError) -> JSONValue {
        switch json {
        case .null, .bool, .number: return json
        case let .string(s): return .string(try render(s, for: .jsonString))
        case let .array(items):
            var rendered: [JSONValue] = []
            for item in items { rendered.append(try render(item)) }
            return .array(rendered)
        case let .object(members):
            var rendered: [(key: String, value: JSONValue)] = []
            for member in members {
                rendered.append((key: try render(member.key, for: .jsonString), value: try render(member.value)))
            }
            return .object(rendered)
        }
    }

    /// The names referenced in `template`, in order, for validators: `references(in: "{{cohort}}/{{x}}") == ["cohort", "x"]`.
    public static func references(in template: String) -> [String] {
        parse(template).compactMap { piece in
            if case let .reference(name) = piece { name } else { nil }
        }
    }

    // MARK: - Parsing and escaping

    enum Piece: Equatable {
        case text(String)
        case reference(String)
    }

    static func parse(_ template: String) -> [Piece] {
        var pieces: [Piece] = []
        var text = ""
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            text += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            if let close = afterOpen.range(of: "}}") {
                let inner = afterOpen[..<close.lowerBound].trimmingSpaces()
                if isName(inner) {
                    if !text.isEmpty { pieces.append(.text(text)); text = "" }
                    pieces.append(.reference(String(inner)))
                    rest = afterOpen[close.upperBound...]
                    continue
                }
            }
            // Not a reference: keep one `{` as text and look again from the next character.
            text += "{"
            rest = rest[rest.index(after: open.lowerBound)...]
        }
        text += rest
        if !text.isEmpty { pieces.append(.text(text)) }
        return pieces
    }

    static func isName(_ s: Substring) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    static func escape(_ value: String, for context: Context) -> String {
        switch context {
        case .jsonString, .header, .argument: value
        case .url: percentEncode(value)
        }
    }

    /// Percent-encodes every byte outside RFC 3986's unreserved set, so a value is safe in any URL part.
    static func percentEncode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    static func stripControlCharacters(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars where !(u.value < 0x20 && u != "\t") && u.value != 0x7F {
            out.append(u)
        }
        return String(out)
    }
}

/// A template names a value the event does not have, or a value cannot go where the template puts it.
public struct TemplateError: Error, Equatable, CustomStringConvertible {
    /// The template's name, e.g. `reason`.
    public var name: String
    /// The names that are known, sorted (for an unknown name).
    public var known: [String]
    /// Why the value cannot be used (nil: the name is unknown).
    public var problem: String?

    public init(name: String, known: [String]) {
        self.name = name
        self.known = known
        self.problem = nil
    }

    public init(name: String, problem: String) {
        self.name = name
        self.known = []
        self.problem = problem
    }

    public var description: String {
        if let problem { return "the value of {{\(name)}} \(problem)" }
        return "unknown template {{\(name)}} (known: \(known.map { "{{\($0)}}" }.joined(separator: ", ")))"
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}

extension String {
    func replacingNUL() -> String {
        guard unicodeScalars.contains("\0") else { return self }
        var out = String.UnicodeScalarView()
        for u in unicodeScalars where u != "\0" { out.append(u) }
        return String(out)
    }
}
