import Foundation
import Testing

/// A mixed fleet through the built binary: three models, two firmware versions; one model fails its per-model gate.
@Suite("Mixed fleets")
struct MixedFleetTests {
    /// 24 chargers: model GL-DUO, KX-22, VT-9 by i % 3; firmware 1.4 or 2.0 by i % 4.
    static let models = ["GL-DUO", "KX-22", "VT-9"]
    static func fleetCSV() -> String {
        "id,site,model,firmware\n" + (0..<24).map { i in
            "CP-\(String(format: "%04d", i)),s\(i % 2),\(models[i % 3]),\(i % 4 < 2 ? "1.4" : "2.0")"
        }.joined(separator: "\n") + "\n"
    }
    static func model(_ id: String) -> String { models[Int(id.suffix(4))! % 3] }

    /// The pilot's share takes chargers in a stable order (FNV-1a of the id); the first of model GL-DUO it would take.
    static var firstOfGLDUO: String {
        func fnv(_ s: String) -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in s.utf8 { h ^= UInt64(b); h = h &* 0x100_0000_01b3 }
            return h
        }
        return (0..<24).filter { $0 % 3 == 0 }.map { "CP-\(String(format: "%04d", $0))" }.min { (fnv($0), $0) < (fnv($1), $1) }!
    }

    /// Sets up the fleet, a week of legacy evidence (every charger seen; `flaky` drops 3 times a day), and the cohort.
    func setUp(_ box: Sandbox) async throws -> String {
        let flaky = Self.firstOfGLDUO
        try await box.okAsync(["fleet", "import", try box.write("fleet.csv", Self.fleetCSV())])
        var lines = ["time,charger,metric,value"]
        for day in 1...7 {
            let at = Sandbox.hoursAfterT0(-24 * day + 1)
            for i in 0..<24 { lines.append("\(at),CP-\(String(format: "%04d", i)),connection.established,1") }
            lines.append("\(at),\(flaky),connection.dropped,3")
        }
        try await box.okAsync(["metrics", "import", try box.write("legacy.csv", lines.joined(separator: "\n") + "\n")])
        try await box.okAsync(["cohort", "create", "north", "--playbook", Paths.fixture("mixed.yaml"), "--all"])
        return flaky
    }

    @Test("one model fails: it is quarantined, the others expand, the report says so; release lets it back")
    func quarantineExpandRelease() async throws {
        let box = try Sandbox()
        let flaky = try await setUp(box)

        // Healthy before the move: the flaky charger stays on legacy, flagged; the share takes another GL-DUO.
        var routes = try await box.routesOf("north")
        #expect(routes[flaky] == "legacy")
        #expect(counts(routes) == ["target": 12, "legacy": 12])
        #expect(routes.filter { Self.model($0.key) == "GL-DUO" && $0.value == "target" }.count == 4)
        let status = try await box.statusObject("north")
        let held = try #require(status["held_back"] as? [[String: Any]])
        #expect(held.map { $0["charger"] as? String } == [flaky])
        #expect((held.first?["reasons"] as? [String])?.first?.contains("connection_drops 3 > 1 per charger day over 7d") == true, "\(held)")
        let plain = try await box.okAsync(["status", "north"]).stdout
        #expect(plain.contains("unhealthy before the move, held back on the old platform: \(flaky)"), "\(plain)")

        // A day of pilot sessions: KX-22 starts 60% of them, the others all.
        let day = Sandbox.hoursAfterT0(2)
        var lines = ["time,charger,metric,value"]
        for (id, backend) in routes where backend == "target" {
            lines.append("\(day),\(id),session.attempted,10")
            lines.append("\(day),\(id),session.started,\(Self.model(id) == "KX-22" ? 6 : 10)")
        }
        try await box.okAsync(["metrics", "import", try box.write("pilot.csv", lines.joined(separator: "\n") + "\n")])
        box.now = Sandbox.hoursAfterT0(24)

        // gates: every segment with its value, samples and result; no drop on target is a rate of 0, not pending.
        let gates = try await box.runAsync(["gates", "north", "--json"])
        #expect(gates.status == 3, "\(gates)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(gates.stdout.utf8)) as? [String: Any])
        let list = try #require(report["gates"] as? [[String: Any]])
        let perModel = try #require(list.first { $0["name"] as? String == "session_start_success" })
        #expect(perModel["result"] as? String == "fail")
        #expect(perModel["by"] as? String == "model")
        #expect(perModel["value"] as? Double == 0.6)
        let segments = try #require(perModel["segments"] as? [[String: Any]])
        #expect(segments.map { $0["segment"] as? String } == Self.models)
        #expect(segments.map { $0["result"] as? String } == ["pass", "fail", "pass"])
        #expect(segments.map { $0["samples"] as? Int } == [40, 40, 40])
        #expect(segments.map { $0["chargers"] as? Int } == [4, 4, 4])
        let drops = try #require(list.first { $0["name"] as? String == "connection_drops" })
        #expect(drops["result"] as? String == "pass", "\(drops)")
        #expect(drops["value"] as? Int == 0)
        let table = try await box.runAsync(["gates", "north"]).stdout
        #expect(table.contains("  model=KX-22") && table.contains("FAIL"), "\(table)")

        // The dry run says who would move once the gates pass.
        let dry = try await box.runAsync(["advance", "north", "--dry-run"])
        #expect(dry.status == 3, "\(dry)")
        #expect(dry.stdout.contains("advance would be refused now: gates failed"), "\(dry.stdout)")
        #expect(dry.stdout.contains("once the gates pass, it would route 12 more chargers"), "\(dry.stdout)")
        let entriesBefore = try await box.verified()

        // evaluate: KX-22 is quarantined; its chargers on target go back in the same commit.
        try await box.okAsync(["evaluate", "north"])
        #expect(try await box.verified() == entriesBefore + 2)
        let history = try await box.historyEntries("north")
        let quarantined = try #require(entries(history, kind: "segment-quarantined").first)
        let kx = (0..<24).filter { $0 % 3 == 1 }.map { "CP-\(String(format: "%04d", $0))" }
        let qSegments = try #require(quarantined["segments"] as? [[String: Any]])
        #expect(qSegments.first?["value"] as? String == "KX-22")
        #expect(qSegments.first?["chargers"] as? [String] == kx)
        #expect((quarantined["evidence"] as? [String: Any])?["phase"] as? String == "pilot")
        #expect(history.last?["kind"] as? String == "route-changed")
        #expect(history.last?["backend"] as? String == "legacy")
        let listed = try #require(try await box.parsed(["segment", "list", "north", "--json"]) as? [[String: Any]])
        #expect(listed.count == 1)
        #expect(listed[0]["segment"] as? String == "model=KX-22")
        #expect((listed[0]["chargers"] as? [String])?.count == 8)
        #expect((listed[0]["why"] as? String)?.contains("0.6 < 0.9") == true)
        #expect(listed[0]["since"] as? String == box.now)

        // The report answers "pilot-specific or fleet-wide?" with the quarantine and the unhealthy charger.
        let md = try await box.okAsync(["report", "north"]).stdout
        #expect(md.contains("Segment model=KX-22 was quarantined"), "\(md)")
        #expect(md.contains("\(flaky): unhealthy before the move — not evidence against the new platform"), "\(md)")
        #expect(md.contains("| pilot | ↳ model=GL-DUO |") && !md.contains("↳ model=KX-22"), "the gates judge the rest: \(md)")

        // The gates judge the rest; advance expands everyone else, KX-22 stays out.
        let dry2 = try await box.okAsync(["advance", "north", "--dry-run", "--json"])
        let preview = try #require(try JSONSerialization.jsonObject(with: Data(dry2.stdout.utf8)) as? [String: Any])
        #expect(preview["result"] as? String == "would-advance")
        #expect((preview["moving"] as? [String])?.count == 8)
        try await box.okAsync(["advance", "north", "--reason", "the rest"])
        routes = try await box.routesOf("north")
        #expect(routes.filter { Self.model($0.key) == "KX-22" }.values.allSatisfy { $0 == "legacy" })
        #expect(routes.filter { Self.model($0.key) != "KX-22" }.values.allSatisfy { $0 == "target" })

        // Release: the wave's scope takes KX-22 again, and its gate judges them again.
        let refused = try await box.runAsync(["segment", "release", "north", "model=VT-9", "--reason", "x"])
        #expect(refused.status == 3 && refused.stderr.contains("segment model=VT-9 is not quarantined"), "\(refused)")
        try await box.okAsync(["segment", "release", "north", "model=KX-22", "--reason", "firmware 2.1 fixes it"])
        routes = try await box.routesOf("north")
        #expect(routes.values.allSatisfy { $0 == "target" })
        let none = try await box.parsed(["segment", "list", "north", "--json"]) as? [Any]
        #expect(none?.isEmpty == true)
        let after = try await box.okAsync(["report", "north"]).stdout
        #expect(after.contains("released on \(box.now) by tester (firmware 2.1 fixes it)"), "\(after)")
        try await box.verified()
    }

    @Test("advance --expect-phase with --json: refused with JSON, exit 3, nothing written")
    func expectPhaseWithJSON() async throws {
        let box = try Sandbox()
        _ = try await setUp(box)
        let before = try await box.verified()
        let r = try await box.runAsync(["advance", "north", "--expect-phase", "wave", "--json"])
        #expect(r.status == 3, "\(r)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["result"] as? String == "refused")
        #expect(obj["refusal"] as? String == "the cohort is in phase pilot, not wave as expected")
        #expect(obj["phase"] as? String == "pilot")
        #expect((obj["entries"] as? [Any])?.isEmpty == true)
        #expect(try await box.verified() == before)
    }

    @Test("bad segment names and unknown cohorts: clear errors, nothing written")
    func badInput() async throws {
        let box = try Sandbox()
        _ = try await setUp(box)
        let before = try await box.verified()
        for bad in ["model", "=KX-22", "model="] {
            let r = try await box.runAsync(["segment", "release", "north", bad, "--reason", "x"])
            #expect(r.status == 1 && r.stderr.contains("is not a segment; write ATTRIBUTE=VALUE"), "\(r)")
        }
        let unknown = try await box.runAsync(["segment", "list", "south"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no cohort named 'south'"), "\(unknown)")
        #expect(try await box.verified() == before)
    }
}
