import Application
import Engine
import Foundation
import Gates
import GRDB
import Playbook
import Store
import Testing

/// A mixed fleet through the application on a real store: quarantine, release, preflight; the tables follow the journal.
@Suite struct SegmentStoreTests {
    static let playbook = """
    playbook: mixed
    version: 1
    backends:
      legacy: wss://legacy.example/ocpp
      target: wss://target.example/ocpp
    from: legacy
    to: target
    metrics:
      success: { ratio: [session.started, session.attempted] }
      drops: { per_charger_day: connection.dropped }
    phases:
      - name: pilot
        scope: { share: 50% }
        preflight:
          lookback: 7d
          seen_within: 1d
          metrics:
            - metric: drops
              at_most: 1
        gates:
          - metric: success
            at_least: 0.9
            min_samples: 10
            by: model
            on_fail: quarantine
      - name: wave
        scope: all
    plans:
      rollback:
        - route: legacy
    """

    /// 24 chargers: models A, B, C; firmware 1.0 and 2.0.
    static let fleet = (0..<24).map {
        Charger(id: String(format: "CP-%03d", $0), attributes: ["model": ["A", "B", "C"][$0 % 3], "firmware": $0 % 4 < 2 ? "1.0" : "2.0", "site": "s1"])
    }

    func write(_ t: TemporaryStore, _ name: String, _ lines: [String]) throws -> String {
        let path = t.directory.appendingPathComponent(name).path
        try (["time,charger,metric,value"] + lines).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The fleet, a week of legacy evidence (every charger seen; `flaky` drops 3 a day), and the cohort.
    func setUp(_ t: TemporaryStore, flaky: String) async throws {
        let csv = "id,model,firmware,site\n" + Self.fleet.map { "\($0.id),\($0.attributes["model"]!),\($0.attributes["firmware"]!),s1" }.joined(separator: "\n")
        _ = try t.service.importFleet(csv: Array(csv.utf8), file: "fleet.csv", as: t.by())
        var lines: [String] = []
        for day in 1...7 {
            let at = ISOTime.format(t0.addingTimeInterval(Double(-day) * 86_400 + 3_600))
            for c in Self.fleet { lines.append("\(at),\(c.id),connection.established,1") }
            lines.append("\(at),\(flaky),connection.dropped,3")
        }
        _ = try t.service.importMetrics(path: try write(t, "legacy.csv", lines), skipUnknown: false, as: t.by())
        _ = try await t.service.createCohort("north", playbook: PlaybookSource(text: Self.playbook, file: "p.yaml"), selector: .all, reason: nil, as: t.by())
    }

    @Test(arguments: Backend.all) func quarantinePreflightReleaseAndVerify(backend: Backend) async throws {
        let t = try TemporaryStore(backend)
        // The charger of model A the pilot's share would take first: it drops 3 times a day on legacy.
        let flaky = ScopeResolver.candidates(of: .select(attributes: [], share: Percentage(50)),
                                             chargers: Self.fleet.filter { $0.attributes["model"] == "A" }, onTarget: [])[0]
        try await setUp(t, flaky: flaky)
        var snap = try t.store.snapshot(of: "north")
        #expect(snap.routes[flaky] == "legacy")
        let onTarget = snap.chargers.map(\.id).filter { snap.routes[$0] == "target" }
        #expect(onTarget.count == 12, "50% of each model, a healthy charger in place of the unhealthy one")
        #expect(snap.segments.held.map(\.charger) == [flaky])
        #expect(snap.segments.held.first?.reasons == ["drops 3 > 1 per charger day over 7d"])

        // A day of pilot sessions: model B starts half of them.
        let day1 = t0.addingTimeInterval(3_600)
        let lines = onTarget.flatMap { id -> [String] in
            let model = Self.fleet.first { $0.id == id }!.attributes["model"]!
            return ["\(ISOTime.format(day1)),\(id),session.attempted,20", "\(ISOTime.format(day1)),\(id),session.started,\(model == "B" ? 10 : 20)"]
        }
        _ = try t.service.importMetrics(path: try write(t, "pilot.csv", lines), skipUnknown: false, as: t.by())
        let later = t0.addingTimeInterval(86_400)
        let results = try await t.service.evaluate(cohorts: nil, as: t.by("automation", at: later))
        #expect(results.count == 1 && results[0].error == nil)
        snap = try t.store.snapshot(of: "north")
        let modelB = Set(Self.fleet.filter { $0.attributes["model"] == "B" }.map(\.id))
        #expect(snap.segments.quarantines.map(\.name) == ["model=B"])
        #expect(Set(snap.segments.quarantines[0].chargers) == modelB)
        #expect(modelB.allSatisfy { snap.routes[$0] == "legacy" })
        #expect(try t.store.verify().ok)

        // The others expand; model B stays out; then it is released.
        let advanced = try await t.service.advance("north", reason: "the rest", as: t.by("alice", at: later))
        #expect(advanced.refusal == nil)
        snap = try t.store.snapshot(of: "north")
        #expect(Self.fleet.map(\.id).filter { !modelB.contains($0) }.allSatisfy { snap.routes[$0] == "target" })
        #expect(modelB.allSatisfy { snap.routes[$0] == "legacy" })
        #expect(snap.segments.held.isEmpty, "the wave has no preflight: the flaky charger moved, its flag went")
        _ = try await t.service.release("north", attribute: "model", value: "B", reason: "firmware 2.1", as: t.by("alice", at: later))
        snap = try t.store.snapshot(of: "north")
        #expect(snap.segments.isEmpty)
        #expect(snap.routes.values.allSatisfy { $0 == "target" })
        let report = try t.store.verify()
        #expect(report.ok, "\(report.problem ?? "")")
        let kinds = try t.store.history(cohort: "north").map(\.kind)
        #expect(kinds.contains(.segmentQuarantined) && kinds.contains(.segmentReleased) && kinds.contains(.preflightHeld))
    }

    @Test(arguments: Backend.all) func verifyFindsATamperedQuarantine(backend: Backend) async throws {
        let t = try TemporaryStore(backend)
        try await setUp(t, flaky: "CP-003")
        let snap = try t.store.snapshot(of: "north")
        let report = GateReport(cohort: "north", phase: "pilot", evaluatedAt: t0, gates: [])
        try t.store.append([t.entry(.segmentQuarantined(.init(phase: "pilot", segments: [.init(attribute: "model", value: "C", gate: "success", detail: "d",
                                                                                                chargers: snap.chargers.filter { $0.attributes["model"] == "C" }.map(\.id))],
                                                            evidence: report)), cohort: "north")], if: .cohortVersion("north", snap.cohort.version))
        #expect(try t.store.verify().ok)
        try t.backing.tamper("DELETE FROM quarantines")
        let tampered = try t.store.verify()
        #expect(!tampered.ok)
        #expect(tampered.problem?.contains("quarantined segments and held-back chargers of cohort north") == true, "\(tampered.problem ?? "")")
        try t.backing.tamper("INSERT INTO quarantines VALUES ('north', 'model', 'C', 'not json', 'g', 'd', 'pilot', '2026-11-02T09:00:00Z', 9)")
        #expect(try t.store.verify().problem?.contains("unreadable") == true)
    }
}

/// Edits a store file behind migrate's back, as a tamperer would: a separate SQLite connection (GRDB's, in this
/// process) that knows nothing of the store's code, runs the script and commits.
enum Tamper {
    static func sql(_ path: String, _ script: String) throws {
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { try $0.execute(sql: script) }
            try queue.close()
        } catch {
            throw TestFailure("tampering with \(path) failed: \(error)")
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
