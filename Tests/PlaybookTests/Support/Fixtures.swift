import Foundation
import Playbook

/// Fixture files shipped with the tests, and the repository they live in.
enum Fixtures {
    /// `Fixtures/` inside the test bundle.
    static var directory: URL {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("Fixtures missing from the test bundle")
        }
        return url
    }

    /// File names (sorted) in a fixture folder: `valid`, `invalid` or `hostile`.
    static func names(in folder: String) -> [String] {
        let url = directory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    static func path(_ folder: String, _ name: String) -> String {
        directory.appendingPathComponent(folder).appendingPathComponent(name).path
    }

    static func text(_ folder: String, _ name: String) throws -> String {
        try String(contentsOfFile: path(folder, name), encoding: .utf8)
    }

    /// The repository root, found from this source file's path.
    static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("no Package.swift above \(#filePath)")
    }

    /// The playbooks shipped in `playbooks/`.
    static var shippedPlaybooks: [String] {
        let dir = repositoryRoot.appendingPathComponent("playbooks")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { dir.appendingPathComponent($0).path }
    }
}

/// An expectation written in a fixture's first lines: `# expect: LINE:COLUMN MESSAGE FRAGMENT`
/// (or `# expect-warning:`).
struct Expectation: CustomStringConvertible {
    var severity: Diagnostic.Severity
    var line: Int
    var column: Int
    var fragment: String

    static func parse(_ text: String) -> [Expectation] {
        text.split(separator: "\n").prefix { $0.hasPrefix("#") }.compactMap { line in
            let severity: Diagnostic.Severity
            let rest: Substring
            if line.hasPrefix("# expect: ") {
                severity = .error
                rest = line.dropFirst("# expect: ".count)
            } else if line.hasPrefix("# expect-warning: ") {
                severity = .warning
                rest = line.dropFirst("# expect-warning: ".count)
            } else { return nil }
            guard let space = rest.firstIndex(of: " ") else { return nil }
            let position = rest[..<space].split(separator: ":")
            guard position.count == 2, let l = Int(position[0]), let c = Int(position[1]) else { return nil }
            return Expectation(severity: severity, line: l, column: c, fragment: String(rest[rest.index(after: space)...]))
        }
    }

    func matches(_ diagnostic: Diagnostic) -> Bool {
        diagnostic.severity == severity && diagnostic.position.line == line
            && diagnostic.position.column == column && diagnostic.message.contains(fragment)
    }

    var description: String { "\(line):\(column) \(severity.rawValue): …\(fragment)…" }
}
