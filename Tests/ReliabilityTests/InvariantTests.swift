import Foundation
import Testing

/// The invariants of ARCHITECTURE.md, each through the command line.
@Suite("Invariants")
struct InvariantTests {
    /// Walks north through every phase of basic.yaml with refusals along the way; returns the sandbox.
    func fullJourney() async throws -> Sandbox {
        let box = try Sandbox()
        try await box.setUp(chargers: 40)
        #expect(try await box.run(["advance", "north"]).status == 3)                                // soak pending
        try await box.ok(["advance", "north", "--reason", "pilot done"], now: Sandbox.hoursAfterT0(2))
        try await box.ok(["issues", "add", "--title", "sessions drop", "--severity", "critical"], now: Sandbox.hoursAfterT0(4))
        #expect(try await box.run(["advance", "north"], now: Sandbox.hoursAfterT0(4)).status == 3)  // an open critical issue: fail
        try await box.ok(["issues", "close", "ISS-1", "--note", "fixed"], now: Sandbox.hoursAfterT0(5))
        try await box.ok(["advance", "north"], now: Sandbox.hoursAfterT0(5))
        #expect(try await box.run(["advance", "north"], now: Sandbox.hoursAfterT0(6)).status == 3)  // approval missing: pending
        try await box.ok(["approve", "north", "--role", "operations"], now: Sandbox.hoursAfterT0(6), actor: "olga")
        try await box.ok(["advance", "north", "--reason", "done"], now: Sandbox.hoursAfterT0(7))
        #expect(try await box.status("north")["status"] as? String == "completed")
        return box
    }

    @Test("1. no cohort leaves a phase unless every gate passed on the evidence in the same entry")
    func leavesOnlyOnPass() async throws {
        let box = try await fullJourney()
        let history = try await box.history("north")
        let leaving = history.filter { ["advanced", "completed"].contains($0["kind"] as? String ?? "") }
        #expect(leaving.count == 3, "pilot→wave, wave→fleet, fleet→completed: \(leaving.map { $0["kind"] ?? "" })")
        for entry in leaving {
            let evidence = try #require(entry["evidence"] as? [String: Any], "every transition carries its evidence: \(entry)")
            #expect(evidence["result"] as? String == "pass", "\(entry)")
            #expect(evidence["phase"] as? String == entry["from"] as? String, "the evidence is about the phase left")
            #expect(evidence["evaluated_at"] as? String == entry["at"] as? String, "evaluated at the moment of the transition")
            let gates = try #require(evidence["gates"] as? [[String: Any]])
            #expect(!gates.isEmpty)
            for g in gates { #expect(g["result"] as? String == "pass", "\(g)") }
        }
        let blocked = entries(history, kind: "blocked")
        #expect(blocked.count == 3)
        for entry in blocked {
            let evidence = try #require(entry["evidence"] as? [String: Any])
            #expect(["fail", "pending"].contains(evidence["result"] as? String ?? ""), "\(entry)")
        }
        #expect(blocked.compactMap { ($0["evidence"] as? [String: Any])?["result"] as? String } == ["pending", "fail", "pending"])
    }

    @Test("2. pending never becomes pass: a metric gate without samples", arguments: ["advance", "evaluate"])
    func pendingMetricNeverPasses(command: String) async throws {
        let box = try Sandbox()
        try await box.setUp(playbook: "metric.yaml")
        let gates = try await box.run(["gates", "north", "--json"], now: Sandbox.hoursAfterT0(24 * 30))
        #expect(gates.status == 3, "gates exit 3 when not all pass: \(gates)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(gates.stdout.utf8)) as? [String: Any])
        #expect(report["result"] as? String == "pending")
        let g = try #require((report["gates"] as? [[String: Any]])?.first)
        #expect(g["result"] as? String == "pending", "no evidence is not good evidence: \(g)")
        #expect((g["detail"] as? String)?.isEmpty == false, "it says why")

        let before = try await box.journalCount()
        let r = try await box.run([command, "north"], now: Sandbox.hoursAfterT0(24 * 30))
        if command == "advance" {
            #expect(r.status == 3, "\(r)")
            let blocked = entries(try await box.history("north"), kind: "blocked")
            #expect(blocked.count == 1)
            #expect((blocked.first?["evidence"] as? [String: Any])?["result"] as? String == "pending")
            #expect(try await box.journalCount() == before + 1, "only the blocked entry")
        } else {
            #expect(r.status == 0, "\(r)")
            #expect(try await box.journalCount() == before, "pending changes nothing and adds nothing")
        }
        #expect(try await box.status("north")["phase"] as? String == "pilot")
        #expect(entries(try await box.history("north"), kind: "advanced").isEmpty)
        _ = try await box.verify()
    }

    @Test("2. pending never becomes pass: soak, approvals, calendar each hold the cohort alone")
    func pendingGatesHold() async throws {
        let box = try Sandbox()
        try await box.setUp(playbook: "every-gate.yaml")
        func pending(at now: String) async throws -> Set<String> {
            let r = try await box.run(["gates", "north", "--json"], now: now)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let gates = try #require(report["gates"] as? [[String: Any]])
            #expect(r.status == (gates.allSatisfy { $0["result"] as? String == "pass" } ? 0 : 3))
            return Set(gates.filter { $0["result"] as? String == "pending" }.compactMap { $0["kind"] as? String })
        }
        // Monday 09:00: soak not over, no approval.
        #expect(try await pending(at: Sandbox.t0) == ["soak", "approvals"])
        #expect(try await box.run(["advance", "north"], now: Sandbox.hoursAfterT0(2)).status == 3)   // approvals pending alone
        try await box.ok(["approve", "north", "--role", "operations"], now: Sandbox.hoursAfterT0(2), actor: "olga")
        // Monday 22:00 UTC: outside the calendar's 08:00-18:00.
        #expect(try await pending(at: Sandbox.hoursAfterT0(13)) == ["calendar"])
        #expect(try await box.run(["advance", "north"], now: Sandbox.hoursAfterT0(13)).status == 3)
        // Saturday: outside the days.
        #expect(try await pending(at: Sandbox.hoursAfterT0(24 * 5 + 2)) == ["calendar"])
        #expect(try await box.status("north")["phase"] as? String == "pilot")
        // Tuesday 10:00: everything passes.
        #expect(try await pending(at: Sandbox.hoursAfterT0(25)).isEmpty)
        try await box.ok(["advance", "north"], now: Sandbox.hoursAfterT0(25))
        #expect(try await box.status("north")["phase"] as? String == "fleet")
        let blocked = entries(try await box.history("north"), kind: "blocked")
        #expect(blocked.count == 2)
        #expect(blocked.allSatisfy { ($0["evidence"] as? [String: Any])?["result"] as? String == "pending" })
        _ = try await box.verify()
    }

    @Test("1. approvals: one person counts once whatever roles they claim; approvals end when the phase is left")
    func approvals() async throws {
        let box = try Sandbox()
        try await box.setUp(chargers: 30, playbook: "two-roles.yaml")
        let later = Sandbox.hoursAfterT0(2)
        try await box.ok(["approve", "north", "--role", "operations"], now: later, actor: "alice")
        try await box.ok(["approve", "north", "--role", "support"], now: later, actor: "alice")
        #expect(try await box.run(["advance", "north"], now: later).status == 3, "alice alone is one person")
        try await box.ok(["approve", "north", "--role", "support"], now: later, actor: "bob")
        try await box.ok(["advance", "north"], now: later)
        #expect(try await box.status("north")["phase"] as? String == "checkpoint")
        // The pilot's approvals do not carry into the checkpoint.
        let r = try await box.run(["gates", "north", "--json"], now: later)
        #expect(r.status == 3)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let gate = try #require((report["gates"] as? [[String: Any]])?.first { $0["kind"] as? String == "approvals" })
        #expect(gate["result"] as? String == "pending" && gate["value"] as? Int == 0, "\(gate)")
        try await box.ok(["approve", "north", "--role", "operations"], now: later, actor: "alice")
        try await box.ok(["approve", "north", "--role", "operations"], now: later, actor: "alice")
        #expect(try await box.run(["advance", "north"], now: later).status == 3, "approving twice is still one person")
        let blocked = entries(try await box.history("north"), kind: "blocked")
        #expect(blocked.count == 2 && blocked.allSatisfy { ($0["evidence"] as? [String: Any])?["result"] as? String == "pending" })
        _ = try await box.verify()
    }

    @Test("3. the tables equal the journal replayed, after every command of a long scenario")
    func tablesEqualReplay() async throws {
        let box = try Sandbox()
        try await box.setUp(chargers: 40)
        var steps: [([String], String, Int32)] = [
            (["cohort", "create", "south", "--playbook", Paths.fixture("every-gate.yaml"), "--where", "site=nowhere"], Sandbox.t0, 1),
            (["advance", "north"], Sandbox.hoursAfterT0(2), 0),
            (["pause", "north", "--reason", "look at it"], Sandbox.hoursAfterT0(2), 0),
            (["advance", "north"], Sandbox.hoursAfterT0(3), 3),
            (["resume", "north"], Sandbox.hoursAfterT0(3), 0),
            (["issues", "add", "--title", "a", "--severity", "high", "--cohort", "north"], Sandbox.hoursAfterT0(3), 0),
            (["approve", "north", "--role", "operations"], Sandbox.hoursAfterT0(3), 3),   // wave asks for no approvals: refused
            (["rollback", "north", "--reason", "bad"], Sandbox.hoursAfterT0(4), 0),
            (["restart", "north", "--reason", "again"], Sandbox.hoursAfterT0(5), 0),
            (["issues", "close", "ISS-1"], Sandbox.hoursAfterT0(5), 0),
            (["advance", "north"], Sandbox.hoursAfterT0(7), 0),
        ]
        steps.append((["fleet", "import", try box.write("more.csv", Sandbox.fleetCSV(count: 50))], Sandbox.hoursAfterT0(8), 0))
        var count = try await box.verify()
        for (args, now, expected) in steps {
            let r = try await box.run(args, now: now)
            #expect(r.status == expected, "\(r)")
            let after = try await box.verify()
            #expect(after >= count)
            count = after
        }
        let s = try await box.status("north")
        #expect(s["phase"] as? String == "wave" && s["status"] as? String == "active", "\(s)")
    }

    @Test("4. one backend per charger; forward progress never moves a charger back; rollback moves all to `from`")
    func routing() async throws {
        let box = try Sandbox()
        let csv = try box.write("fleet.csv", Sandbox.fleetCSV(count: 90))
        try await box.ok(["fleet", "import", csv])
        try await box.ok(["cohort", "create", "north", "--playbook", Paths.fixture("basic.yaml"), "--where", "model=m0,m1"])
        try await box.ok(["cohort", "create", "south", "--playbook", Paths.fixture("basic.yaml"), "--where", "model=m2,m3"])
        // A charger belongs to one cohort.
        let overlap = try await box.run(["cohort", "create", "west", "--playbook", Paths.fixture("basic.yaml"), "--where", "model=m0"])
        #expect(overlap.status == 1, "\(overlap)")

        func check() async throws -> (north: [String: String], south: [String: String]) {
            let all = try await box.routeMap()   // routeMap records an issue if a charger appears twice
            let north = try await box.routeMap(cohort: "north"), south = try await box.routeMap(cohort: "south")
            #expect(Set(north.keys).isDisjoint(with: south.keys))
            for (c, b) in north { #expect(all[c] == b) }
            for (c, b) in south { #expect(all[c] == b) }
            #expect(Set(all.values).isSubset(of: ["legacy", "target"]))
            return (north, south)
        }
        // CP-i has site s(i % 3) and model m(i % 4).
        let northIDs = Set((0..<90).filter { $0 % 4 < 2 }.map { String(format: "CP-%04d", $0) })
        let pilotIDs = Set((0..<90).filter { $0 % 4 < 2 && $0 % 3 == 1 }.map { String(format: "CP-%04d", $0) })
        var (north, south) = try await check()
        #expect(Set(north.keys) == northIDs && south.count == 90 - northIDs.count)
        var onTarget = Set(north.filter { $0.value == "target" }.keys)
        #expect(onTarget == pilotIDs, "pilot: site s1 only")
        for hour in [2, 4] {
            try await box.ok(["advance", "north"], now: Sandbox.hoursAfterT0(hour))
            let now = try await check()
            let target = Set(now.north.filter { $0.value == "target" }.keys)
            #expect(onTarget.isSubset(of: target), "forward progress never moves a charger back")
            #expect(target.count > onTarget.count)
            #expect(now.south == south, "another cohort's routes do not move")
            onTarget = target
            north = now.north
        }
        #expect(onTarget == northIDs, "fleet: all")
        try await box.ok(["approve", "north", "--role", "operations"], now: Sandbox.hoursAfterT0(5))
        try await box.ok(["advance", "north"], now: Sandbox.hoursAfterT0(5))
        #expect(try await box.status("north")["status"] as? String == "completed")
        #expect(try await check().north == north, "completing moves nobody")

        try await box.ok(["advance", "south"], now: Sandbox.hoursAfterT0(2))
        south = try await check().south
        #expect(south.values.contains("target"))
        try await box.ok(["pause", "south", "--reason", "hold on"], now: Sandbox.hoursAfterT0(2))
        #expect(try await check().south == south, "pausing moves nobody")
        try await box.ok(["rollback", "south", "--reason", "back"], now: Sandbox.hoursAfterT0(3))
        let after = try await check()
        #expect(after.south.count == 90 - northIDs.count && after.south.values.allSatisfy { $0 == "legacy" }, "rollback: every charger of the cohort on `from`")
        #expect(after.north == north, "rollback of south leaves north alone")
        let s = try await box.status("south")
        #expect((s["routes"] as? [String: Any])?["legacy"] as? Int == 90 - northIDs.count)
        #expect(((s["routes"] as? [String: Any])?["target"] as? Int ?? 0) == 0)
        // Rolling back a completed cohort brings it back too.
        try await box.ok(["rollback", "north", "--reason", "the new CSMS is down"], now: Sandbox.hoursAfterT0(6))
        #expect(try await check().north.values.allSatisfy { $0 == "legacy" })
        _ = try await box.verify()
    }

    @Test("4. a rollback waiting on a manual step has already moved every charger; it carries on, and confirm ends it")
    func rollbackWithManualStep() async throws {
        let box = try Sandbox()
        try await box.setUp(chargers: 24, playbook: "every-gate.yaml")
        #expect(counts(try await box.routeMap(cohort: "north"))["target"] == 8)
        let first = try await box.run(["rollback", "north", "--reason", "bad"], now: Sandbox.hoursAfterT0(1))
        #expect(first.status == 0, "\(first)")
        #expect(try await box.status("north")["status"] as? String == "rolling-back")
        #expect(try await box.routeMap(cohort: "north").values.allSatisfy { $0 == "legacy" }, "the route step ran before the manual step")
        // Run again: it carries on the unfinished plan (still waiting), and starts no second one.
        let again = try await box.run(["rollback", "north", "--reason", "again"], now: Sandbox.hoursAfterT0(1))
        #expect(again.status == 0 || again.status == 3, "\(again)")
        #expect(try await box.status("north")["status"] as? String == "rolling-back")
        #expect(entries(try await box.history("north"), kind: "rollback-started").count == 1)
        // Forward commands are refused meanwhile.
        #expect(try await box.run(["advance", "north"], now: Sandbox.hoursAfterT0(2)).status == 3)
        try await box.ok(["confirm", "north", "--note", "all back"], now: Sandbox.hoursAfterT0(2))
        #expect(try await box.status("north")["status"] as? String == "rolled-back")
        #expect(try await box.routeMap(cohort: "north").values.allSatisfy { $0 == "legacy" })
        let h = try await box.history("north")
        #expect(entries(h, kind: "confirmed").count == 1 && entries(h, kind: "rolled-back").count == 1)
        // Restart: the first phase's scope again.
        try await box.ok(["restart", "north", "--reason", "fixed"], now: Sandbox.hoursAfterT0(3))
        let s = try await box.status("north")
        #expect(s["status"] as? String == "active" && s["phase"] as? String == "pilot")
        #expect(counts(try await box.routeMap(cohort: "north"))["target"] == 8)
        _ = try await box.verify()
    }

    @Test("5. the hash chain links every entry and each hash is SHA-256 over the entry and its predecessor")
    func hashChain() async throws {
        let box = try await fullJourney()
        // An independent check in Python, of the encoding EntryHash documents: length-prefixed fields, then the previous hash.
        let r = try await box.python("""
            import sqlite3, sys, hashlib
            c = sqlite3.connect(sys.argv[1])
            prev = '0' * 64; n = 0
            for seq, at, kind, cohort, actor, reason, simulated, payload, prev_hash, h in c.execute(
                    'SELECT seq, at, kind, cohort, actor, reason, simulated, payload, prev_hash, hash FROM journal ORDER BY seq'):
                n += 1
                assert seq == n, ('gap', seq)
                assert prev_hash == prev, ('link', seq)
                data = b''
                for f in [str(seq), at, kind, cohort if cohort is not None else '\\0', actor, reason if reason is not None else '\\0',
                          '1' if simulated else '0', payload, prev_hash]:
                    b = f.encode('utf-8'); data += str(len(b)).encode() + b':' + b
                assert hashlib.sha256(data).hexdigest() == h, ('hash', seq)
                prev = h
            print(n, prev)
            """, [box.db])
        #expect(r.status == 0, "\(r)")
        let parts = r.stdout.split(separator: " ").map(String.init)
        let entries = try await box.verify()
        #expect(parts.first == String(entries))
        let v = try #require(try await box.json(["verify", "--json"]) as? [String: Any])
        #expect(v["last_hash"] as? String == parts.last?.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("6. a committed transition survives the process being killed right after; see also the crash-safety suite")
    func committedSurvivesKill() async throws {
        let box = try Sandbox()
        try await box.setUp(chargers: 30)
        // The command returned: it committed durably. Kill a reader mid-flight; nothing is lost.
        try await box.ok(["advance", "north"], now: Sandbox.hoursAfterT0(2))
        let before = try await box.journalCount()
        let reader = try box.launch(["history", "north", "--json"])
        reader.kill9()
        _ = await reader.wait()
        #expect(try await box.journalCount() == before)
        #expect(try await box.status("north")["phase"] as? String == "wave")
        _ = try await box.verify()
    }
}
