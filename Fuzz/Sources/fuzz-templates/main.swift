import FuzzDriver
import Foundation
@testable import TemplateRendering

/// The template renderer: the input's first line is a template, the rest a value for every name. A URL
/// rendering is refused or keeps the template's path shape (no empty, `.` or `..` segment from a value,
/// no `?`, `#` or `/` added); a header has no control characters; an argument no NUL.
func fuzzTemplates(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let template = String(parts[0]), value = parts.count > 1 ? String(parts[1]) : ""
    var values: [String: String] = [:]
    for name in TemplateRenderer.knownNames { values[name] = value }
    let renderer = TemplateRenderer(values: values)
    let empty = TemplateRenderer(values: Dictionary(uniqueKeysWithValues: TemplateRenderer.knownNames.map { ($0, "v") }))
    if let url = try? renderer.render(template, for: .url), let shape = try? empty.render(template, for: .url) {
        // The same template with a harmless value has the same number of `/`, `?` and `#`.
        for c in ["/", "?", "#"] {
            precondition(url.components(separatedBy: c).count == shape.components(separatedBy: c).count, "\(template.debugDescription) → \(url)")
        }
    }
    if let header = try? renderer.render(template, for: .header) {
        precondition(!header.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }, header)
    }
    if let argument = try? renderer.render(template, for: .argument) { precondition(!argument.contains("\0")) }
    return 0
}

runFuzzer { data, size in fuzzTemplates(data ?? UnsafePointer(bitPattern: 1)!, size) }
