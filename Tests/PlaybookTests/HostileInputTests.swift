import Foundation
import Playbook
import Testing

/// Files meant to hurt: each must end quickly with an error, never a crash, hang or blow-up.
@Suite("Hostile input")
struct HostileInputTests {
    /// Fixture → the position and message fragment of its single error.
    static let expected: [String: (String, String)] = [
        "billion-laughs.yaml": ("6:10", "expands to more than 100000 nodes"),
        "binary.yaml": ("1:1", "not UTF-8"),
        "comments-only.yaml": ("1:1", "the file is empty"),
        "deep-block.yaml": ("65:129", "nesting deeper than 64 levels"),
        "deep-flow.yaml": ("1:12", "nesting deeper than 64 levels"),
        "empty.yaml": ("1:1", "the file is empty"),
        "latin1.yaml": ("2:17", "not UTF-8"),
        "nul-byte.yaml": ("2:11", "NUL byte"),
        "top-level-list.yaml": ("1:1", "the top level of a playbook must be a mapping"),
        "top-level-scalar.yaml": ("1:1", "the top level of a playbook must be a mapping"),
        "two-documents.yaml": ("3:1", "one YAML document"),
        "undefined-alias.yaml": ("1:11", "alias '*nothing'"),
        "utf16.yaml": ("1:1", "UTF-16"),
    ]

    @Test("every hostile fixture is covered") func covered() {
        #expect(Set(Fixtures.names(in: "hostile")) == Set(Self.expected.keys))
    }

    @Test("hostile fixture ends in one clear error, fast", arguments: Fixtures.names(in: "hostile"))
    func hostile(_ name: String) throws {
        let path = Fixtures.path("hostile", name)
        let clock = ContinuousClock()
        var result: LoadResult?
        let elapsed = clock.measure { result = PlaybookLoader.load(path: path) }
        let diagnostics = try #require(result).diagnostics
        #expect(result?.playbook == nil)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        let (position, fragment) = try #require(Self.expected[name])
        #expect(diagnostics.first.map { "\($0.position)" } == position, "\(diagnostics)")
        #expect(diagnostics.first?.message.contains(fragment) == true, "\(diagnostics)")
        #expect(elapsed < .milliseconds(500), "took \(elapsed)")
    }

    /// Found by fuzz-playbook: a YAML syntax error whose message quoted tabs from the file. Every diagnostic,
    /// whoever wrote its message (the decoder, the prescan, the YAML parser), is one printable line.
    @Test func aParserMessageQuotingTabsIsOnePrintableLine() {
        // The fuzzer's input, as it found it (Fuzz/Corpus/playbook/crash-tab-in-yaml-error).
        let input = "IyB0Y2V4ZXBhfAp2ZXJzaW9uOiBsZTEKYmFja2VuZHM6CiB8CnZlcnNpb246IGxlMQpiYWNrZW5kczoKICBsVW5zYWVnJ2N5OiB3c3M6LwkJQgkJCQkJCQkJCQkJCX4JCXEJCQkJCQkJCQkJYWxsCnBnYW4JCQkJCQkJCQkJCQkJCQkJCQlzOgogIHJvbGxiYWNrOlVJMXQgLSByCQkJCSBsVW5zYWVnJ2N5OiB3c3M6LwkJQgkJCQkJCQkJCQkJCX4JCXEJCQkJCQkJCQkJYWxsCnBnYW4JCQkJCQkJCQkJCQkJCQkJCQlzOgogIHJvbGxiYWNrOlVJMXQgLSByCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJbz90Cg=="
        let result = PlaybookLoader.load(data: Array(Data(base64Encoded: input)!), file: "tabs.yaml")
        #expect(result.playbook == nil)
        #expect(!result.errors.isEmpty)
        for d in result.diagnostics {
            #expect(!d.message.unicodeScalars.contains { TextRules.isForbidden($0) }, "\(d)")
        }
        #expect(Diagnostic(.error, "a\tb\u{1B}[2J", file: "f", at: .init(line: 1, column: 1)).message == "a\\tb\\u{1B}[2J")
    }

    @Test func fileOverTheSizeLimitIsRefusedWithoutParsing() {
        let big = "description: \"" + String(repeating: "x", count: 2 << 20) + "\"\n"
        let clock = ContinuousClock()
        var result: LoadResult?
        let elapsed = clock.measure { result = PlaybookLoader.load(text: big, file: "big.yaml") }
        #expect(result?.playbook == nil)
        #expect(result?.diagnostics.first?.message.contains("at most 1048576 bytes") == true)
        #expect(elapsed < .milliseconds(500))
    }

    @Test func hugeFileOnDiskIsNotReadWhole() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-huge-\(UUID().uuidString).yaml")
        try Data(repeating: UInt8(ascii: "a"), count: 50 << 20).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let clock = ContinuousClock()
        var result: LoadResult?
        let elapsed = clock.measure { result = PlaybookLoader.load(path: url.path) }
        #expect(result?.diagnostics.first?.message.contains("larger than 1048576 bytes") == true)
        #expect(elapsed < .milliseconds(500))
    }

    @Test func manyAliasesToOneScalarHitTheNodeBudget() {
        let text = "a: &x 1\nb: [" + Array(repeating: "*x", count: 150_000).joined(separator: ",") + "]\n"
        let result = PlaybookLoader.load(text: text, file: "aliases.yaml")
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message.contains("more than 100000 nodes") == true)
    }

    @Test func widerBillionLaughsStillStopsEarly() {
        var lines = [#"l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for i in 1..<30 { lines.append("l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 10).joined(separator: ",") + "]") }
        let clock = ContinuousClock()
        var result: LoadResult?
        let elapsed = clock.measure { result = PlaybookLoader.load(text: lines.joined(separator: "\n"), file: "lol.yaml") }
        #expect(result?.diagnostics.first?.message.contains("more than 100000 nodes") == true)
        #expect(elapsed < .milliseconds(500))
    }

    @Test func limitsCanBeTightened() {
        let text = try? Fixtures.text("valid", "minimal.yaml")
        let result = PlaybookLoader.load(text: text ?? "", file: "m.yaml", limits: LoaderLimits(maxBytes: 100))
        #expect(result.diagnostics.first?.message.contains("at most 100 bytes") == true)
        let shallow = PlaybookLoader.load(text: text ?? "", file: "m.yaml", limits: LoaderLimits(maxDepth: 2))
        #expect(shallow.diagnostics.first?.message.contains("nesting deeper than 2 levels") == true)
    }

    @Test func duplicateKeysAreAllReported() {
        let text = "playbook: a\nversion: 1\nplaybook: b\nmetrics:\n  m: { sum: x }\n  m: { sum: y }\n"
        let result = PlaybookLoader.load(text: text, file: "d.yaml")
        #expect(result.diagnostics.map(\.description) == [
            "d.yaml:3:1: error: duplicate key 'playbook' (first written at line 1)",
            "d.yaml:6:3: error: duplicate key 'm' (first written at line 5)",
        ])
    }

    @Test func syntaxErrorsHaveAPosition() {
        let result = PlaybookLoader.load(text: "playbook: a\nversion: [1\nfoo: bar\n", file: "s.yaml")
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message.hasPrefix("YAML syntax error:") == true)
        #expect(result.diagnostics.first?.position == SourcePosition(line: 3, column: 4))
    }
}
