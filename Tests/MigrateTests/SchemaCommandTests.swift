import Foundation
import Testing

/// `migrate schema` prints a JSON Schema that a real validator (Python's `jsonschema`) accepts and
/// that agrees with the loader on the shipped playbooks and on a few broken ones.
@Suite("migrate schema")
struct SchemaCommandTests {
    /// Whether `python3` with the `jsonschema` and `yaml` modules is here. MIGRATE_TEST_JSONSCHEMA=1
    /// makes them required (CI installs them), so the test can't be skipped there by accident.
    static let validatorAvailable: Bool = {
        if ProcessInfo.processInfo.environment["MIGRATE_TEST_JSONSCHEMA"] == "1" { return true }
        let probe = Process()   // once, while the suite's traits are read: a short synchronous check
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import jsonschema, yaml"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    @Test func printsADraft2020SchemaAsJSON() async throws {
        let result = try await Migrate.run(["schema"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(object?["additionalProperties"] as? Bool == false)
    }

    static let script = #"""
    import json, sys, yaml, jsonschema
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sys.argv[2:]:
        errors = sorted(validator.iter_errors(yaml.safe_load(open(path))), key=lambda e: list(e.path))
        print(path + ": " + ("valid" if not errors else "invalid: " + errors[0].message))
    """#

    static let brokenPlaybooks: [String: String] = [
        "unknown-key.yaml": "gtaes: []",
        "bad-duration.yaml": "soak: 14days",
        "both-bounds.yaml": "gates: [{ metric: success, at_least: 0.9, at_most: 0.99 }]",
        "max-drop-alone.yaml": "gates: [{ metric: success, at_least: 0.9, max_drop: 0.1 }]",
        "bad-on-fail.yaml": "on_fail: explode",
        "bad-share.yaml": "scope: { share: 150% }",
        "bad-severity.yaml": "gates: [{ issues: { severity: [urgent] } }]",
        "bad-hours.yaml": "gates: [{ calendar: { hours: '9-17' } }]",
        "two-gate-kinds.yaml": "gates: [{ issues: {}, approvals: { roles: [ops] } }]",
    ]

    static func playbook(withPhaseLine line: String) -> String {
        """
        playbook: broken
        version: 1
        backends: { legacy: "wss://a.example.net", target: "wss://b.example.net" }
        from: legacy
        to: target
        metrics:
          success: { ratio: [a, b] }
        phases:
          - name: pilot
            \(line)
        plans:
          rollback: [{ route: legacy }]
        """
    }

    @Test(.enabled(if: validatorAvailable, "needs python3 with the jsonschema and yaml modules (pip install jsonschema pyyaml); set MIGRATE_TEST_JSONSCHEMA=1 to require it"))
    func shippedPlaybooksValidateAndBrokenOnesDoNot() async throws {
        let schema = try await Migrate.run(["schema"])
        let schemaPath = try Migrate.temporaryFile("playbook.schema.json", schema.stdout)
        let scriptPath = try Migrate.temporaryFile("check.py", Self.script)
        let validFixtures = Migrate.repositoryRoot.appendingPathComponent("Tests/PlaybookTests/Fixtures/valid")
        let fixtureNames = try FileManager.default.contentsOfDirectory(atPath: validFixtures.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(!fixtureNames.isEmpty)
        // The shipped playbooks and every valid fixture of the loader's tests: both judges agree.
        let shipped = ["playbooks/csms-cutover.yaml", "playbooks/single-site-trial.yaml"]
            .map { Migrate.repositoryRoot.appendingPathComponent($0).path }
            + fixtureNames.map { validFixtures.appendingPathComponent($0).path }
        var broken: [String] = []
        for (name, line) in Self.brokenPlaybooks.sorted(by: { $0.key < $1.key }) {
            broken.append(try Migrate.temporaryFile(name, Self.playbook(withPhaseLine: line)))
        }
        let control = try Migrate.temporaryFile("control.yaml", Self.playbook(withPhaseLine: "scope: all"))

        let result = try await Migrate.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", scriptPath, schemaPath] + shipped + [control] + broken)
        #expect(result.status == 0, "python failed: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == shipped.count + 1 + broken.count, "\(result.stdout)\(result.stderr)")
        for path in shipped + [control] {
            #expect(lines.contains("\(path): valid"), "\(result.stdout)")
        }
        for path in broken {
            #expect(lines.contains { $0.hasPrefix("\(path): invalid") }, "\(path) should not validate: \(result.stdout)")
        }
    }

    /// Broken fixtures only the loader can catch: references, impossible gates, widening scopes,
    /// duplicates the YAML-to-JSON conversion hides, time zones, and plain syntax errors.
    static let loaderOnly: Set<String> = [
        "approvals-min-too-big.yaml", "bad-timezone.yaml", "coverage-before-any-scope.yaml", "duplicate-metric.yaml",
        "duplicate-phase.yaml", "from-equals-to.yaml", "prometheus-without-url.yaml", "ratio-at-least-above-1.yaml",
        "ratio-at-most-negative.yaml", "scope-drops-values.yaml", "scope-narrows-after-all.yaml", "share-shrinks.yaml",
        "unknown-compare-to.yaml", "unknown-from.yaml", "unknown-metric.yaml", "unknown-route.yaml", "unknown-to.yaml",
        "run-unknown-template.yaml", "webhook-unknown-template.yaml",
        "check-timeout-too-long.yaml", "check-unknown-template.yaml", "check-expect-json-empty-path.yaml",
        "preflight-prometheus-metric.yaml", "preflight-unknown-metric.yaml", "preflight-lookback-too-long.yaml",
        "yaml-syntax.yaml",
    ]

    @Test(.enabled(if: validatorAvailable, "needs python3 with the jsonschema and yaml modules (pip install jsonschema pyyaml); set MIGRATE_TEST_JSONSCHEMA=1 to require it"))
    func schemaRejectsEveryStructurallyBrokenFixture() async throws {
        let schema = try await Migrate.run(["schema"])
        let schemaPath = try Migrate.temporaryFile("playbook.schema.json", schema.stdout)
        let scriptPath = try Migrate.temporaryFile("check.py", Self.script)
        let dir = Migrate.repositoryRoot.appendingPathComponent("Tests/PlaybookTests/Fixtures/invalid")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".yaml") && !Self.loaderOnly.contains($0) }.sorted()
        #expect(names.count >= 30)
        let result = try await Migrate.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", scriptPath, schemaPath] + names.map { dir.appendingPathComponent($0).path })
        #expect(result.status == 0, "python failed: \(result.stderr)")
        for line in result.stdout.split(separator: "\n") {
            #expect(line.contains(": invalid"), "the schema accepts a broken fixture: \(line)")
        }
    }
}
