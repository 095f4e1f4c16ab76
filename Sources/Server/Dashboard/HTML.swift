import Foundation
import Report

/// The dashboard's HTML building blocks. Every piece of text from the store or the request goes through `e(_:)`,
/// the report's one escaping function (element content and attribute values alike).
enum HTML {
    static func e(_ s: String) -> String { HTMLEscape.text(s) }

    /// `<a href="...">text</a>` with both escaped.
    static func link(_ href: String, _ text: String) -> String { "<a href=\"\(e(href))\">\(e(text))</a>" }

    /// A path segment for a URL (charger ids and cohort names may hold anything).
    static func segment(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(.init(charactersIn: "/?#&+"))) ?? s
    }

    /// A query value for a URL.
    static func query(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s
    }

    /// A table; `rows` are already HTML (escape their text when building them).
    static func table(_ caption: String, _ header: [String], _ rows: [[String]]) -> String {
        var out = "<div class=\"scroll\"><table><caption>\(e(caption))</caption><thead><tr>"
        out += header.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows { out += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>" }
        if rows.isEmpty { out += "<tr><td colspan=\"\(header.count)\" class=\"muted\">none</td></tr>" }
        return out + "</tbody></table></div>"
    }

    /// A verdict word, coloured and spelled out (colour is never the only signal).
    static func verdict(_ v: String) -> String { "<span class=\"verdict \(e(v))\">\(e(v == "fail" ? "FAIL" : v))</span>" }

    /// A hidden CSRF field: every form carries one.
    static func csrf(_ token: String) -> String { "<input type=\"hidden\" name=\"csrf\" value=\"\(e(token))\">" }
}
