import Foundation
import OCPP
import Testing

/// Logs recorded between real OCPP peers (Python `ocpp` charge points and CSMS, 1.6 and 2.0.1): every KPI of
/// every total, charger and UTC day equals what the generator counted while scripting.
@Suite struct PeerLogTests {
    @Test(arguments: Fixtures.seeds)
    func committedLogMatchesTheGeneratorsCount(_ name: String) throws {
        let (got, summary) = try aggregate(try Fixtures.bytes(name + ".jsonl"), file: name)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        expectMatches(got, try ExpectedKPIs(contentsOf: Fixtures.url(name + ".expected.json")), name)
    }

    /// A window of one UTC day counts exactly that day (samples are filtered on their own time).
    @Test(arguments: Fixtures.seeds)
    func aDaysWindowCountsThatDay(_ name: String) throws {
        let bytes = try Fixtures.bytes(name + ".jsonl")
        let expected = try ExpectedKPIs(contentsOf: Fixtures.url(name + ".expected.json"))
        for (dayText, values) in expected.byDay {
            let from = Timestamp.parse(dayText + "T00:00:00Z")!
            let (got, _) = try aggregate(bytes, from: from, to: from + Timestamp.microsPerDay)
            for metric in KPIMetric.allCases {
                #expect(got.totals[metric.index] == values[metric.rawValue], "\(name) \(dayText) \(metric.rawValue)")
            }
        }
    }

    /// The committed logs hold every case issue 10 lists (so the match above means something).
    @Test func theLogsCoverTheListedCases() throws {
        let text = try Fixtures.seeds.map { String(decoding: try Fixtures.bytes($0 + ".jsonl"), as: UTF8.self) }.joined()
        for needle in ["\"status\":\"Rejected\"", "\"status\":\"Pending\"", "\"status\":\"Scheduled\"", "\"Unlocked\"", "\"UnlockFailed\"",
                       "\"NotSupported\"", "\"Blocked\"", "\"Invalid\"", "\"initiator\":\"csms\"", "\"initiator\":\"network\"",
                       "\"initiator\":\"router\"", "\"initiator\":\"charger\"", "\"unit\":\"kWh\"", "\"reason\":\"PowerLoss\"",
                       "\"stoppedReason\":\"PowerLoss\"", "\"charger\":\"RDAM 123\"", "[4,", "\"RemoteStartTransaction\"",
                       "\"RequestStartTransaction\"", "\"subprotocol\":\"ocpp2.0.1\"", "\"subprotocol\":\"ocpp1.6\""] {
            #expect(text.contains(needle), "no \(needle) in the committed logs")
        }
        let (got, _) = try aggregate(try Fixtures.bytes("peers-seed1.jsonl"))
        #expect(got.totals[KPIMetric.cdrMismatched.index] > 0)
        #expect(got.days.count >= 5)
    }

    /// CI: a fresh log from the generator, with a seed of its own, against its own expected KPIs.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["MIGRATE_TEST_OCPP_PEERS"] == "1",
                   "needs Python with `ocpp` and `websockets` (pip install -r tools/ocpp-peers/requirements.txt); .ci/run sets MIGRATE_TEST_OCPP_PEERS=1"))
    func aFreshlyGeneratedLogMatchesItsCount() async throws {
        let seed = ProcessInfo.processInfo.environment["MIGRATE_TEST_OCPP_SEED"].flatMap(Int.init) ?? Int.random(in: 100...1_000_000)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocpp-peers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("fresh")
        let script = Fixtures.packageRoot.appendingPathComponent("tools/ocpp-peers/generate.py").path
        let result = try await AsyncProcess.run("/usr/bin/env", ["python3", script, "--seed", String(seed), "--days", "4", "--out", out.path])
        try #require(result.status == 0, "generator failed (seed \(seed)): \(result.stderr)")
        let (got, _) = try aggregate(try Array(Data(contentsOf: out.appendingPathExtension("jsonl"))), file: "fresh seed \(seed)")
        expectMatches(got, try ExpectedKPIs(contentsOf: out.appendingPathExtension("expected.json")), "fresh seed \(seed)")
        print("OCPP-PEERS-TEST-RAN seed \(seed)")
    }
}
