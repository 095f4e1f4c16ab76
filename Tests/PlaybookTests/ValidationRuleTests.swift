import Playbook
import Testing

/// One broken fixture per rule; each names, in its first line, the exact position and a fragment
/// of the message it must produce (`# expect: 16:17 uses metric 'sucess'`).
@Suite("Validation rules")
struct ValidationRuleTests {
    static let invalid = Fixtures.names(in: "invalid")

    @Test("every broken fixture fails at the expected line and column", arguments: invalid)
    func brokenFixture(_ name: String) throws {
        let text = try Fixtures.text("invalid", name)
        let expectations = Expectation.parse(text)
        try #require(!expectations.isEmpty, "fixture \(name) has no '# expect:' line")
        let result = PlaybookLoader.load(text: text, file: name)
        #expect(result.playbook == nil)
        #expect(!result.errors.isEmpty)
        for expectation in expectations {
            #expect(result.diagnostics.contains(where: expectation.matches),
                    "expected \(expectation); got:\n\(result.diagnostics.map(\.description).joined(separator: "\n"))")
        }
        for diagnostic in result.diagnostics {
            #expect(diagnostic.position.line >= 1 && diagnostic.position.column >= 1, "no position: \(diagnostic)")
        }
    }

    @Test func thereIsAFixturePerRule() {
        #expect(Self.invalid.count >= 50)
    }

    @Test("valid fixtures load, with exactly the warnings they announce", arguments: Fixtures.names(in: "valid"))
    func validFixture(_ name: String) throws {
        let text = try Fixtures.text("valid", name)
        let result = PlaybookLoader.load(text: text, file: name)
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.playbook != nil)
        let expectations = Expectation.parse(text)
        #expect(result.warnings.count == expectations.count)
        for expectation in expectations {
            #expect(result.warnings.contains(where: expectation.matches), "expected \(expectation); got \(result.warnings)")
        }
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let text = """
        playbook: Bad Name
        version: 3
        backends:
          legacy: http://legacy.example.net
          target: wss://target.example.net
        from: legacy
        to: legacy
        phases:
          - name: pilot
            soak: forever
            on_fail: explode
        plans:
          rollback:
            - route: nowhere
        """
        let result = PlaybookLoader.load(text: text, file: "x.yaml")
        let positions = result.errors.map { "\($0.position)" }
        #expect(positions == ["1:11", "2:10", "4:11", "7:5", "10:11", "11:14", "14:14"], "\(result.errors)")
    }

    @Test func diagnosticsRenderAsFileLineColumn() {
        let result = PlaybookLoader.load(text: "playbook: x\nversion: 2\n", file: "p.yaml")
        #expect(result.diagnostics.map(\.description).contains("p.yaml:2:10: error: unsupported version 2; only version 1 of the playbook language exists"))
    }

    @Test func aHopelessFileStopsAfter200Problems() {
        let text = (0..<1_000).map { "key\($0): \($0)" }.joined(separator: "\n")
        let result = PlaybookLoader.load(text: text, file: "many.yaml")
        #expect(result.errors.count == 201)
        #expect(result.diagnostics.last?.message.hasPrefix("too many problems;") == true)
    }

    @Test func scopesMayWidenInManyWays() {
        let text = """
        playbook: widening
        version: 1
        backends: { legacy: "wss://a.example.net", target: "wss://b.example.net" }
        from: legacy
        to: target
        phases:
          - { name: a, scope: { site: [north], share: 10% } }
          - { name: b, scope: { site: [north, south], share: 5% } }
          - { name: c, scope: { share: 25% } }
          - { name: d }
          - { name: e, scope: { share: 50% } }
          - { name: f, scope: all }
          - { name: g, scope: { share: 100% } }
          - { name: h }
        plans: { rollback: [{ route: legacy }] }
        """
        let result = PlaybookLoader.load(text: text, file: "w.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    }
}
