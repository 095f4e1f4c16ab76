import Foundation

/// Follows a URL template as it is rendered and refuses a path segment made by values that would
/// change the path's shape: empty (`a//b` drops or adds a level on many servers), `.` or `..`
/// (a receiver that normalizes the path removes it or climbs one level out).
///
/// Values arrive percent-encoded, so they never hold `/`, `?` or `#`: only the literal text of the
/// template moves from one segment or part to the next. A segment is judged percent-decoded and
/// case-insensitively, as WHATWG URL parsers judge it (`%2e%2E` is `..`), and decoded again as a
/// receiver that decodes twice would (a value `%2e%2e` is sent as `%252e%252e`). Segments the playbook
/// writes itself, without a value, are the author's and left alone.
struct URLSegmentGuard {
    private enum Part { case beforePath, path, query, fragment }

    private var part = Part.beforePath
    /// `//` of `scheme://` seen: the authority runs until the next `/`.
    private var slashesAfterScheme = 0
    private var segment = ""
    /// The templates that contributed to the current segment.
    private var names: [String] = []

    mutating func literal(_ text: String) throws(TemplateError) {
        for c in text {
            switch part {
            case .beforePath:
                if c == "/" {
                    slashesAfterScheme += 1
                    if slashesAfterScheme == 3 { part = .path }
                } else if c == "?" { part = .query } else if c == "#" { part = .fragment }
            case .path:
                if c == "/" || c == "?" || c == "#" {
                    try closeSegment()
                    if c == "?" { part = .query } else if c == "#" { part = .fragment }
                } else {
                    segment.append(c)
                }
            case .query:
                if c == "#" { part = .fragment }
            case .fragment:
                break
            }
        }
    }

    mutating func value(_ escaped: String, name: String) {
        guard part == .path else { return }
        segment += escaped
        names.append(name)
    }

    mutating func end() throws(TemplateError) {
        if part == .path { try closeSegment() }
    }

    private mutating func closeSegment() throws(TemplateError) {
        defer { segment = ""; names = [] }
        guard let name = names.first else { return }
        let decoded = Self.percentDecoded(segment)
        if decoded.isEmpty {
            throw TemplateError(name: name, problem: "is empty and would leave an empty URL path segment ('//'), changing the path; nothing sent")
        }
        if decoded == "." || decoded == ".." {
            throw TemplateError(name: name, problem: "would make the URL path segment '\(decoded)', which a receiver resolves out of its place in the path; nothing sent")
        }
    }

    /// `%2e` → `.` and `%25` → `%`, again and again: what a receiver that decodes more than once
    /// (wrongly, but some do) would see. Other escapes are kept as written (only dots matter here).
    static func percentDecoded(_ s: String) -> String {
        var current = s
        while true {
            let next = current.replacingOccurrences(of: "%25", with: "%").replacingOccurrences(of: "%2e", with: ".", options: .caseInsensitive)
            if next == current { return current }
            current = next
        }
    }
}
