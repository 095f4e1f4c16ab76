import Foundation
import Testing

/// `migrate validate` end to end: the built binary, its output and its exit code.
@Suite("migrate validate")
struct ValidateCommandTests {
    @Test func shippedPlaybooksAreOK() async throws {
        let result = try await Migrate.run(["validate", "playbooks/csms-cutover.yaml", "playbooks/single-site-trial.yaml"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "playbooks/csms-cutover.yaml: ok\nplaybooks/single-site-trial.yaml: ok\n")
    }

    static let broken = """
    playbook: broken
    version: 1
    backends:
      legacy: wss://legacy.example.net
      target: wss://target.example.net
    from: legacy
    to: target
    metrics:
      success: { ratio: [a, b] }
    phases:
      - name: pilot
        scope: all
        gtaes:
          - metric: success
            at_least: 0.9
    plans:
      rollback:
        - route: legacy
    """

    @Test func brokenFileFailsWithFileLineColumn() async throws {
        let path = try Migrate.temporaryFile("broken.yaml", Self.broken)
        let result = try await Migrate.run(["validate", path])
        #expect(result.status == 1)
        #expect(result.stdout == "\(path):13:5: error: unknown key 'gtaes' in phase 'pilot'; did you mean 'gates'?\n")
        #expect(result.stderr == "\(path): 1 error, 0 warnings\n")
    }

    @Test func oneBadFileAmongGoodOnesFailsTheRun() async throws {
        let bad = try Migrate.temporaryFile("bad.yaml", "playbook: x\n")
        let result = try await Migrate.run(["validate", "playbooks/single-site-trial.yaml", bad])
        #expect(result.status == 1)
        #expect(result.stderr.contains("playbooks/single-site-trial.yaml: ok\n"))
        #expect(result.stdout.contains("\(bad):1:1: error: missing required key 'version' in the playbook"))
    }

    @Test func missingFileIsAnError() async throws {
        let result = try await Migrate.run(["validate", "does-not-exist.yaml"])
        #expect(result.status == 1)
        #expect(result.stdout == "does-not-exist.yaml:1:1: error: no such file\n")
    }

    @Test func warningsPass() async throws {
        let text = Self.broken.replacingOccurrences(of: "gtaes", with: "gates")
            .replacingOccurrences(of: "metrics:\n", with: "metrics:\n  spare: { sum: x }\n")
        let path = try Migrate.temporaryFile("warn.yaml", text)
        let result = try await Migrate.run(["validate", path])
        #expect(result.status == 0)
        #expect(result.stdout == "\(path):9:3: warning: metric 'spare' is defined but no gate uses it\n")
        #expect(result.stderr == "\(path): 0 errors, 1 warning\n")
    }

    @Test func jsonOutput() async throws {
        let path = try Migrate.temporaryFile("broken.yaml", Self.broken)
        let result = try await Migrate.run(["validate", "--json", path])
        #expect(result.status == 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        let first = try #require(parsed?.first)
        #expect(parsed?.count == 1)
        #expect(first["file"] as? String == path)
        #expect(first["line"] as? Int == 13)
        #expect(first["column"] as? Int == 5)
        #expect(first["severity"] as? String == "error")
        #expect((first["message"] as? String)?.contains("did you mean 'gates'?") == true)
    }

    @Test func jsonOutputOfCleanFilesIsAnEmptyArray() async throws {
        let result = try await Migrate.run(["validate", "--json", "playbooks/csms-cutover.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout == "[]\n")
    }

    @Test func billionLaughsEndsQuicklyWithAnError() async throws {
        var lines = [#"a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for i in 1..<10 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ",") + "]") }
        let path = try Migrate.temporaryFile("lol.yaml", lines.joined(separator: "\n") + "\n")
        // Not a timing test (the machine may be loaded): a bomb that expanded would take minutes and gigabytes.
        let start = ContinuousClock.now
        let result = try await Migrate.run(["validate", path])
        #expect(ContinuousClock.now - start < .seconds(600))
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(path):6:10: error: the document expands to more than 100000 nodes"))
    }

    @Test func noArgumentsIsAUsageError() async throws {
        let result = try await Migrate.run(["validate"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Missing expected argument"))
    }
}
