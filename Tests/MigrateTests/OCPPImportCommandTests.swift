import Foundation
import Testing

/// `migrate ocpp import` end to end on logs recorded between real OCPP peers (Tests/OCPPTests/Fixtures):
/// gates over a window equal what `ocpp kpis --from --to` counts; broken logs refuse the whole log naming
/// file and line, storing nothing.
@Suite("migrate ocpp import")
struct OCPPImportCommandTests {
    static let fixtures = OCPPCommandTests.fixtures
    static func log(_ seed: Int) -> String { OCPPCommandTests.log(seed) }

    /// The fixture's chargers, sites a and b.
    static let fleet = """
        id,site
        NL-AMS-001,a
        RDAM 123,a
        CS201-UTR-01,a
        NL-AMS-002,b
        DE-BER-0007,b
        CS201-UTR-02,b

        """
    static let cohortChargers = ["NL-AMS-001", "RDAM 123", "CS201-UTR-01"]

    static let playbook = """
        playbook: kpi-gates
        version: 1
        backends: { legacy: "wss://legacy.example.net/ocpp", target: "wss://target.example.net/ocpp" }
        from: legacy
        to: target
        metrics:
          session_start_success: { ratio: [session.started, session.attempted] }
          connection_drops: { per_charger_day: connection.dropped }
          remote_action_success: { ratio: [remote.succeeded, remote.requested] }
          cdr_mismatch: { ratio: [cdr.mismatched, cdr.checked] }
          energy: { sum: energy.wh }
        phases:
          - name: pilot
            scope: all
            gates:
              - { metric: session_start_success, at_least: 0.5, window: 2d }
              - { metric: connection_drops, at_most: 5, window: 2d }
              - { metric: remote_action_success, at_least: 0.1, window: 2d }
              - { metric: cdr_mismatch, at_most: 0.5, window: 2d }
              - { metric: energy, at_least: 0, window: 2d }
        plans:
          rollback:
            - route: legacy

        """

    static func setUp(fleet: String = fleet) async throws -> URL {
        let dir = try AsyncMigrate.temporaryDirectory()
        try fleet.write(to: dir.appendingPathComponent("fleet.csv"), atomically: true, encoding: .utf8)
        let imported = try await AsyncMigrate.run(["fleet", "import", "fleet.csv", "--now", "2026-08-31T00:00:00Z"], in: dir)
        #expect(imported.status == 0, "\(imported)")
        return dir
    }

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// A gate over a window, after `ocpp import`, equals what `ocpp kpis --from --to` counts for the cohort's
    /// chargers and the same window: every ratio's numerator and denominator, the drops per charger-day, the Wh.
    @Test(arguments: [("2026-09-03T12:00:00Z", "2026-09-01T12:00:00Z"), ("2026-09-05T06:30:00Z", "2026-09-03T06:30:00Z")])
    func aGateOverAWindowEqualsKPIsForTheSameChargersAndWindow(_ now: String, _ from: String) async throws {
        let dir = try await Self.setUp()
        try Self.playbook.write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let create = try await AsyncMigrate.run(["cohort", "create", "pilot", "--playbook", "p.yaml", "--where", "site=a",
                                                 "--now", "2026-09-01T00:00:00Z"], in: dir)
        #expect(create.status == 0, "\(create)")
        let imported = try await AsyncMigrate.run(["ocpp", "import", Self.log(1), "--now", "2026-09-06T00:00:00Z"], in: dir)
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("samples stored"), "\(imported.stdout)")

        let gates = try await AsyncMigrate.run(["gates", "pilot", "--json", "--now", now], in: dir)
        let report = try #require(try Self.json(gates.stdout) as? [String: Any], "\(gates)")
        var byName: [String: [String: Any]] = [:]
        for gate in report["gates"] as? [[String: Any]] ?? [] { byName[gate["name"] as? String ?? ""] = gate }

        let kpis = try await AsyncMigrate.run(["ocpp", "kpis", Self.log(1), "--json", "--from", from, "--to", now], in: dir)
        let perCharger = try #require((try Self.json(kpis.stdout) as? [String: Any])?["per_charger"] as? [String: [String: Double]])
        func sum(_ metric: String) -> Double { Self.cohortChargers.reduce(0) { $0 + (perCharger[$1]?[metric] ?? 0) } }

        for (name, a, b) in [("session_start_success", "session.started", "session.attempted"),
                             ("remote_action_success", "remote.succeeded", "remote.requested"),
                             ("cdr_mismatch", "cdr.mismatched", "cdr.checked")] {
            let gate = try #require(byName[name], "\(gates.stdout)")
            #expect(gate["samples"] as? Double == sum(b), "\(name): \(gate)")
            #expect(sum(b) > 0, "\(name): no \(b) in the window")
            // The numerator, recovered from the ratio (the JSON prints the value to the last digit it needs).
            let value = try #require(gate["value"] as? Double, "\(name): \(gate)")
            #expect((value * sum(b)).rounded() == sum(a), "\(name): \(gate) vs \(sum(a)) / \(sum(b))")
        }
        let drops = try #require(byName["connection_drops"])
        #expect(drops["samples"] as? Double == 6, "3 chargers × 2 days: \(drops)")
        #expect(((drops["value"] as? Double ?? -1) * 6).rounded() == sum("connection.dropped"), "\(drops)")
        #expect(byName["energy"]?["value"] as? Double == sum("energy.wh"))
        #expect(sum("energy.wh") > 0)
    }

    @Test func importingAgainChangesNothingAndSkipUnknownCounts() async throws {
        let dir = try await Self.setUp(fleet: Self.fleet.replacingOccurrences(of: "RDAM 123,a\n", with: ""))
        let refused = try await AsyncMigrate.run(["ocpp", "import", Self.log(1)], in: dir)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("of 1 charger not in the fleet (RDAM 123)") && refused.stderr.contains("--skip-unknown"), "\(refused.stderr)")
        #expect(refused.stderr.contains("peers-seed1.jsonl:17: "), "where the log first shows the charger: \(refused.stderr)")
        let none = try await AsyncMigrate.run(["metrics", "list", "--json"], in: dir)
        #expect((try Self.json(none.stdout) as? [Any])?.isEmpty == true, "\(none)")

        let skipped = try await AsyncMigrate.run(["ocpp", "import", Self.log(1), "--skip-unknown", "--json"], in: dir)
        #expect(skipped.status == 0, "\(skipped)")
        let report = try #require((try Self.json(skipped.stdout) as? [[String: Any]])?.first)
        #expect(report["unknown_chargers"] as? [String] == ["RDAM 123"])
        #expect((report["skipped_unknown"] as? Int ?? 0) > 0)
        #expect((report["log"] as? [String: Any])?["lines"] as? Int == 914)

        let again = try await AsyncMigrate.run(["ocpp", "import", Self.log(1), "--skip-unknown"], in: dir)
        #expect(again.status == 0 && again.stdout.contains("already imported up to here (914 lines read"), "\(again)")
        let verify = try await AsyncMigrate.run(["verify"], in: dir)
        #expect(verify.status == 0, "\(verify)")
    }

    struct Broken: CustomStringConvertible, Sendable {
        var name: String
        /// Replaces line 50 of the real-peer log (bytes, so invalid UTF-8 and huge lines can be written).
        var line: @Sendable ([UInt8]) -> [UInt8]
        var message: String
        var description: String { name }
    }

    static let broken: [Broken] = [
        Broken(name: "not JSON", line: { _ in Array("not json at all".utf8) }, message: "not JSON"),
        Broken(name: "wrong frame shape", line: { _ in
            Array(#"{"time":"2026-09-01T02:00:00.000Z","charger":"NL-AMS-001","from":"charger","frame":[2,"1","Heartbeat"]}"#.utf8)
        }, message: "a CALL frame must be"),
        Broken(name: "unknown message type", line: { original in
            Array(String(decoding: original, as: UTF8.self).replacingOccurrences(of: "\"frame\":[2,", with: "\"frame\":[7,")
                .replacingOccurrences(of: "\"frame\":[3,", with: "\"frame\":[7,").utf8)
        }, message: "unknown message type 7"),
        Broken(name: "invalid UTF-8", line: { original in
            var bytes = original
            bytes.insert(contentsOf: [0xC3, 0x28], at: bytes.firstIndex(of: UInt8(ascii: "N")) ?? 20)
            return bytes
        }, message: "UTF-8"),
        Broken(name: "out of time order", line: { original in
            Array(String(decoding: original, as: UTF8.self).replacingOccurrences(of: "\"time\":\"2026-09-0", with: "\"time\":\"2026-08-0").utf8)
        }, message: "out of time order"),
        Broken(name: "huge line", line: { _ in
            Array((#"{"time":"2026-09-01T02:00:00.000Z","charger":"A","from":"charger","frame":[2,"1","DataTransfer",{"data":""#
                   + String(repeating: "x", count: 1_100_000) + #""}]}"#).utf8)
        }, message: "longer than 1048576 bytes"),
    ]

    @Test(arguments: broken)
    func aBrokenLogIsRefusedNamingFileAndLineAndNothingIsStored(_ b: Broken) async throws {
        let dir = try await Self.setUp()
        var lines = try Data(contentsOf: URL(fileURLWithPath: Self.log(1))).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        lines[49] = b.line(lines[49])
        try Data(lines.joined(separator: [0x0A])).write(to: dir.appendingPathComponent("bad.jsonl"))
        let result = try await AsyncMigrate.run(["ocpp", "import", "bad.jsonl"], in: dir)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("bad.jsonl:50: ") && result.stderr.contains(b.message), "\(result.stderr)")
        #expect(result.stderr.contains("nothing stored"), "\(result.stderr)")
        let none = try await AsyncMigrate.run(["metrics", "list", "--json"], in: dir)
        #expect((try Self.json(none.stdout) as? [Any])?.isEmpty == true, "\(none)")
        let history = try await AsyncMigrate.run(["verify"], in: dir)
        #expect(history.status == 0 && history.stdout.contains("ok: 1 journal entries"), "\(history)")

        let kpis = try await AsyncMigrate.run(["ocpp", "kpis", "bad.jsonl"], in: dir)
        #expect(kpis.status == 1 && kpis.stderr.contains("bad.jsonl:50: ") && kpis.stdout.isEmpty, "\(kpis)")
    }

    /// A truncated last line (a log being written) is a warning; the import stops before it, and the next
    /// import of the completed log adds it.
    @Test func aTruncatedLastLineIsLeftForTheNextImport() async throws {
        let dir = try await Self.setUp()
        let whole = try Data(contentsOf: URL(fileURLWithPath: Self.log(2)))
        let cut = whole.count - 30
        try whole.prefix(cut).write(to: dir.appendingPathComponent("log.jsonl"))
        let first = try await AsyncMigrate.run(["ocpp", "import", "log.jsonl"], in: dir)
        #expect(first.status == 0, "\(first)")
        #expect(first.stderr.contains("log.jsonl:554: warning: the last line has no newline"), "\(first.stderr)")
        #expect(first.stdout.contains("553 lines read"), "\(first.stdout)")
        try whole.write(to: dir.appendingPathComponent("log.jsonl"))
        let second = try await AsyncMigrate.run(["ocpp", "import", "log.jsonl"], in: dir)
        #expect(second.status == 0 && second.stdout.contains("554 lines read") && second.stderr.isEmpty, "\(second)")
    }

    /// An answer whose CALL is not in the log (a log that starts mid-connection, or was rotated) is a warning
    /// naming file and line, not a refusal: the log is a valid record of what was said.
    @Test func anAnswerWithoutItsCallIsAWarningNamingFileAndLine() async throws {
        let dir = try await Self.setUp()
        var lines = try String(contentsOfFile: Self.log(1), encoding: .utf8).split(separator: "\n").map(String.init)
        let answer = #"{"time":"\#(lines[49].dropFirst(9).prefix(24))","charger":"NL-AMS-001","from":"csms","frame":[3,"no-such-call",{"status":"Accepted"}]}"#
        lines.insert(answer, at: 50)
        try (lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("log.jsonl"), atomically: true, encoding: .utf8)
        let result = try await AsyncMigrate.run(["ocpp", "import", "log.jsonl"], in: dir)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("log.jsonl:51: warning:"), "\(result.stderr)")
    }
}
