import Foundation
import Testing

/// The JSON of CLI.md: names, types, shapes. Scripts are built on these.
@Suite("JSON contract")
struct JSONContractTests {
    func isTime(_ value: Any?) -> Bool {
        guard let s = value as? String else { return false }
        return s.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/#) != nil
    }

    func isNumber(_ value: Any?) -> Bool {
        value is Int || value is Double || value is NSNumber
    }

    @Test("status COHORT --json: one object with cohort, playbook, phase, status, chargers, routes, entered_at")
    func statusOne() async throws {
        let box = try Sandbox()
        try await box.setUp(chargers: 24, playbook: "every-gate.yaml")
        let s = try await box.status("north")
        #expect(s["cohort"] as? String == "north")
        #expect(s["playbook"] as? String == "rel-every-gate")
        #expect(s["phase"] as? String == "pilot")
        #expect(s["status"] as? String == "active")
        #expect(s["chargers"] as? Int == 24)
        let routes = try #require(s["routes"] as? [String: Any])
        #expect(routes["target"] as? Int == 8 && routes["legacy"] as? Int == 16, "\(routes)")
        #expect(routes.values.allSatisfy { $0 is Int })
        #expect(s["entered_at"] as? String == Sandbox.t0)
        #expect(isTime(s["entered_at"]))
        #expect(s.keys.allSatisfy { $0 == $0.lowercased() && !$0.contains("-") }, "snake_case keys: \(s.keys.sorted())")
    }

    @Test("status --json: an array of the same objects")
    func statusAll() async throws {
        let box = try Sandbox()
        try await box.setUp(chargers: 24)
        // spare overlaps north (a charger belongs to one cohort), so it is refused; the array still has north alone.
        #expect(try await box.run(["cohort", "create", "spare", "--playbook", Paths.fixture("basic.yaml"), "--where", "site=s1"]).status == 1)
        let all = try #require(try await box.json(["status", "--json"]) as? [[String: Any]])
        #expect(all.count == 1)
        let one = try await box.status("north")
        let first = try #require(all.first)
        for key in ["cohort", "playbook", "phase", "status", "chargers", "routes", "entered_at"] {
            #expect(first[key] != nil, "status --json has \(key)")
            #expect((first[key] as? NSObject)?.isEqual(one[key]) == true, "\(key): \(first[key] ?? "") vs \(one[key] ?? "")")
        }
        // An empty store: an empty array, not a sentence.
        let empty = try Sandbox()
        let none = try await empty.run(["status", "--json"])
        #expect(none.status == 0, "\(none)")
        let parsed = try JSONSerialization.jsonObject(with: Data(none.stdout.utf8))
        #expect((parsed as? [Any])?.isEmpty == true, "\(none.stdout)")
    }

    @Test("gates --json: cohort, phase, result and every gate's kind, name, result, value, threshold, samples, detail")
    func gates() async throws {
        let box = try Sandbox()
        try await box.setUp(chargers: 24, playbook: "every-gate.yaml")
        let r = try await box.run(["gates", "north", "--json"], now: Sandbox.hoursAfterT0(2))
        #expect(r.status == 3, "approvals pending: \(r)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(report["cohort"] as? String == "north")
        #expect(report["phase"] as? String == "pilot")
        #expect(report["result"] as? String == "pending")
        let gates = try #require(report["gates"] as? [[String: Any]])
        #expect(gates.map { $0["kind"] as? String ?? "?" } == ["soak", "coverage", "issues", "approvals", "calendar"])
        var missing: [String] = []
        for g in gates {
            let kind = g["kind"] as? String ?? "?"
            #expect(g["name"] is String, "\(kind)")
            #expect(["pass", "fail", "pending"].contains(g["result"] as? String ?? ""), "\(kind)")
            #expect((g["detail"] as? String)?.isEmpty == false, "\(kind)")
            for key in ["value", "threshold", "samples"] {
                if !g.keys.contains(key) { missing.append("\(kind).\(key)") }
                if let v = g[key], !(v is NSNull) { #expect(isNumber(v), "\(kind).\(key) is a number") }
            }
            if let window = g["window"] as? [String: Any] {
                #expect(isTime(window["start"]) && isTime(window["end"]), "\(kind) window: \(window)")
            }
        }
        // Where a gate has no number to give, the key should still be there (null): scripts index them.
        #expect(!missing.contains("soak.value") && !missing.contains("issues.value") && !missing.contains("coverage.value"),
                "gates that measure something report it: \(missing)")
        #expect(missing.isEmpty, "missing keys of the contract: \(missing)")
        let results = Dictionary(uniqueKeysWithValues: gates.map { ($0["kind"] as? String ?? "", $0["result"] as? String ?? "") })
        #expect(results == ["soak": "pass", "coverage": "pass", "issues": "pass", "approvals": "pending", "calendar": "pass"])

        try await box.ok(["approve", "north", "--role", "operations"], now: Sandbox.hoursAfterT0(2))
        let pass = try await box.run(["gates", "north", "--json"], now: Sandbox.hoursAfterT0(2))
        #expect(pass.status == 0, "all pass: \(pass)")
        try await box.ok(["issues", "add", "--title", "x", "--severity", "critical"], now: Sandbox.hoursAfterT0(2))
        let fail = try await box.run(["gates", "north", "--json"], now: Sandbox.hoursAfterT0(2))
        #expect(fail.status == 3)
        #expect((try JSONSerialization.jsonObject(with: Data(fail.stdout.utf8)) as? [String: Any])?["result"] as? String == "fail")
        // gates changes nothing.
        let n = try await box.journalCount()
        _ = try await box.run(["gates", "north", "--json"], now: Sandbox.hoursAfterT0(3))
        #expect(try await box.journalCount() == n)
    }

    @Test("history --json: an array, oldest first, each with seq, at, kind, cohort, actor, reason")
    func history() async throws {
        let box = try Sandbox()
        try await box.setUp(chargers: 24)
        _ = try await box.run(["advance", "north", "--reason", "too soon"], actor: "alice")
        try await box.ok(["advance", "north", "--reason", "weekly promotion"], now: Sandbox.hoursAfterT0(2), actor: "bob")
        let h = try await box.history("north")
        #expect(h.count == 6, "created, 2 route changes, blocked, advanced, route change: \(h.map { $0["kind"] ?? "" })")
        let seqs = h.compactMap { $0["seq"] as? Int }
        #expect(seqs.count == h.count && seqs == seqs.sorted() && Set(seqs).count == seqs.count, "oldest first: \(seqs)")
        for e in h {
            for key in ["seq", "at", "kind", "cohort", "actor", "reason"] { #expect(e.keys.contains(key), "\(key) in \(e)") }
            #expect(isTime(e["at"]), "\(e["at"] ?? "")")
            #expect(e["cohort"] as? String == "north")
        }
        #expect(h.map { $0["kind"] as? String ?? "" } == ["created", "route-changed", "route-changed", "blocked", "advanced", "route-changed"])
        let blocked = h[3], advanced = h[4]
        #expect(blocked["actor"] as? String == "alice" && blocked["reason"] as? String == "too soon")
        #expect(blocked["phase"] as? String == "pilot")
        #expect((blocked["evidence"] as? [String: Any])?["result"] as? String == "pending")
        #expect(advanced["actor"] as? String == "bob" && advanced["reason"] as? String == "weekly promotion")
        #expect(advanced["at"] as? String == Sandbox.hoursAfterT0(2))
        #expect(h[0]["reason"] is NSNull, "no reason: null")
        #expect(entries(h, kind: "fleet-imported").isEmpty, "only this cohort's entries")

        // No key twice in an object: strict parsers reject duplicates, and which one wins is unspecified.
        let raw = try await box.run(["history", "north", "--json"])
        let dup = try await box.python("""
            import json, sys
            dups = set()
            def hook(pairs):
                keys = [k for k, _ in pairs]
                dups.update(k for k in keys if keys.count(k) > 1)
                return dict(pairs)
            json.loads(sys.stdin.read() if False else sys.argv[1], object_pairs_hook=hook)
            print(','.join(sorted(dups)))
            """, [raw.stdout])
        #expect(dup.status == 0, "\(dup)")
        #expect(dup.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "duplicate keys: \(dup.stdout)")
    }

    @Test("routes --format json and csv: charger, cohort, backend, url, since, seq")
    func routes() async throws {
        let box = try Sandbox()
        try await box.setUp(chargers: 24)
        try await box.ok(["advance", "north"], now: Sandbox.hoursAfterT0(2))
        let json = try await box.routes()
        #expect(json.count == 24)
        let history = try await box.history("north")
        let routeSeqs = Set(entries(history, kind: "route-changed").compactMap { $0["seq"] as? Int })
        for r in json {
            #expect(Set(r.keys) == ["charger", "cohort", "backend", "url", "since", "seq"], "\(r.keys.sorted())")
            #expect(r["cohort"] as? String == "north")
            let backend = r["backend"] as? String
            #expect(r["url"] as? String == (backend == "target" ? "ws://target.example.net/ocpp" : "ws://legacy.example.net/ocpp"))
            #expect(isTime(r["since"]))
            #expect(routeSeqs.contains(r["seq"] as? Int ?? -1), "seq is the journal entry that set the route: \(r)")
        }
        let csv = try await box.ok(["routes", "--format", "csv"]).stdout
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(lines.first == "charger,cohort,backend,url,since,seq")
        #expect(lines.count == 25)
        let byCharger = Dictionary(uniqueKeysWithValues: json.map { ($0["charger"] as? String ?? "", $0) })
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(f.count == 6)
            let j = try #require(byCharger[f[0]])
            #expect(f[1] == j["cohort"] as? String && f[2] == j["backend"] as? String && f[3] == j["url"] as? String)
            #expect(f[4] == j["since"] as? String && Int(f[5]) == j["seq"] as? Int)
        }
        // --cohort filters; an empty table is an empty array.
        #expect(try await box.routes(cohort: "north").count == 24)
        let empty = try Sandbox()
        #expect((try await empty.json(["routes", "--format", "json"]) as? [Any])?.isEmpty == true)
    }

    @Test("refusals through --json: exit 3 and a parseable outcome")
    func advanceJSON() async throws {
        let box = try Sandbox()
        try await box.setUp(chargers: 24)
        let r = try await box.run(["advance", "north", "--json"])
        #expect(r.status == 3, "\(r)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(o["cohort"] as? String == "north")
        #expect(o["result"] as? String == "refused")
    }
}
