import Foundation
import Testing

/// Edits made directly in the SQLite file, as someone with the file but not the tool would: `verify` finds each.
@Suite("Tampering")
struct TamperingTests {
    /// A store with some history: fleet import (1), created (2), routes (3, 4), advanced (5), route (6), blocked (7), issue (8).
    /// Built once (a static let is initialized once; the task runs once, every test awaits it) and copied for each test.
    static let template = Task<String, any Error> {
        do {
            let box = try Sandbox()
            try await box.setUp(chargers: 30)
            try await box.ok(["advance", "north", "--reason", "pilot done"], now: Sandbox.hoursAfterT0(2))
            let blocked = try await box.run(["advance", "north", "--reason", "too early"], now: Sandbox.hoursAfterT0(2))
            guard blocked.status == 3 else { throw SandboxError("advance should be blocked: \(blocked)") }
            try await box.ok(["issues", "add", "--title", "display flickers", "--severity", "low"], now: Sandbox.hoursAfterT0(2))
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-rel-tamper-\(getpid())")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let path = dir.appendingPathComponent("template.db").path
            try await box.sql("PRAGMA wal_checkpoint(TRUNCATE);")
            try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.copyItem(atPath: box.db, toPath: path)
            return path
        } catch {
            throw SandboxError("cannot prepare the tampering template: \(error)")
        }
    }

    func prepared() async throws -> Sandbox {
        let box = try Sandbox()
        try box.restore(try await Self.template.value, into: "store.db")
        #expect(try await box.verify() == 8)
        return box
    }

    /// Runs verify, requires exit 1, and returns what it said (stdout+stderr) and the JSON's seq.
    func verifyFails(_ box: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) async throws -> (text: String, seq: Int?) {
        let plain = try await box.run(["verify"])
        #expect(plain.status == 1, "verify must fail: \(plain)", sourceLocation: sourceLocation)
        #expect(!plain.stderr.isEmpty, "verify says what is wrong on stderr", sourceLocation: sourceLocation)
        let json = try await box.run(["verify", "--json"])
        #expect(json.status == 1, "\(json)", sourceLocation: sourceLocation)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], sourceLocation: sourceLocation)
        #expect(obj["ok"] as? Bool == false, sourceLocation: sourceLocation)
        return (plain.stderr + plain.stdout, obj["seq"] as? Int)
    }

    static let edits: [(String, String)] = [
        ("actor", "UPDATE journal SET actor = 'mallory' WHERE seq = 5"),
        ("reason", "UPDATE journal SET reason = 'nobody asked' WHERE seq = 5"),
        ("payload", "UPDATE journal SET payload = replace(payload, '\"result\":\"pass\"', '\"result\":\"fail\"') WHERE seq = 5"),
        ("time", "UPDATE journal SET at = '2026-11-01T09:00:00Z' WHERE seq = 5"),
        ("kind", "UPDATE journal SET kind = 'completed' WHERE seq = 5"),
        ("simulated flag", "UPDATE journal SET simulated = 0 WHERE seq = 5"),
        ("cohort", "UPDATE journal SET cohort = 'south' WHERE seq = 5"),
        ("hash", "UPDATE journal SET hash = replace(hash, substr(hash, 1, 1), CASE substr(hash, 1, 1) WHEN 'a' THEN 'b' ELSE 'a' END) WHERE seq = 5"),
    ]

    @Test("editing a journal entry's field is found and named", arguments: 0..<edits.count)
    func editEntry(index: Int) async throws {
        let (field, sql) = Self.edits[index]
        let box = try await prepared()
        let before = try await box.query("SELECT * FROM journal WHERE seq = 5")
        try await box.sql(sql)
        #expect(try await box.query("SELECT * FROM journal WHERE seq = 5").description != before.description,
                "the \(field) edit changed the row")
        let (text, seq) = try await verifyFails(box)
        // Editing the hash of entry 5 breaks entry 6's link; every other edit breaks entry 5's own hash.
        let expected = field == "hash" ? [5, 6] : [5]
        #expect(seq.map(expected.contains) == true, "verify names the edited entry (\(field)): \(text) seq \(String(describing: seq))")
        #expect(expected.contains { text.contains("journal entry \($0)") }, "\(text)")
    }

    @Test("deleting a middle entry is found and named")
    func deleteEntry() async throws {
        let box = try await prepared()
        try await box.sql("DELETE FROM journal WHERE seq = 4")
        let (text, seq) = try await verifyFails(box)
        #expect(seq == 4, "\(text)")
        #expect(text.contains("journal entry 4"), "\(text)")
    }

    @Test("deleting a middle entry and renumbering the rest is found")
    func deleteAndRenumber() async throws {
        let box = try await prepared()
        try await box.sql("DELETE FROM journal WHERE seq = 4; UPDATE journal SET seq = seq - 1 WHERE seq > 4;")
        let (text, seq) = try await verifyFails(box)
        #expect(seq == 4, "the renumbered entry 4 (formerly 5) no longer links or hashes: \(text)")
    }

    @Test("deleting the last entry, whose effect is still in the tables, is found")
    func deleteLastEntry() async throws {
        let box = try await prepared()
        try await box.sql("DELETE FROM journal WHERE seq = 8")   // issue-opened; the issue row stays
        let (text, _) = try await verifyFails(box)
        #expect(text.contains("issue ISS-1"), "\(text)")
    }

    @Test("swapping two entries' seq is found and named")
    func reorderEntries() async throws {
        let box = try await prepared()
        try await box.sql("UPDATE journal SET seq = -1 WHERE seq = 3; UPDATE journal SET seq = 3 WHERE seq = 4; UPDATE journal SET seq = 4 WHERE seq = -1;")
        let (text, seq) = try await verifyFails(box)
        #expect(seq == 3, "\(text)")
        #expect(text.contains("journal entry 3"), "\(text)")
    }

    @Test("swapping two whole rows' contents (seq kept) is found")
    func swapContents() async throws {
        let box = try await prepared()
        let cols = "at, kind, cohort, actor, reason, simulated, payload, prev_hash, hash"
        try await box.sql("""
            CREATE TEMP TABLE t AS SELECT seq, \(cols) FROM journal WHERE seq IN (6, 7);
            UPDATE journal SET (\(cols)) = (SELECT \(cols) FROM t WHERE t.seq = 7) WHERE seq = 6;
            UPDATE journal SET (\(cols)) = (SELECT \(cols) FROM t WHERE t.seq = 6) WHERE seq = 7;
            """)
        let (text, seq) = try await verifyFails(box)
        #expect(seq == 6, "\(text)")
    }

    static let projections: [(String, String, String)] = [
        ("routes backend", "UPDATE routes SET backend = 'target' WHERE backend = 'legacy' AND charger = (SELECT MIN(charger) FROM routes WHERE backend = 'legacy')", "route of charger"),
        ("routes url", "UPDATE routes SET url = 'ws://evil.example.net/ocpp' WHERE charger = 'CP-0001'", "route of charger CP-0001"),
        ("route deleted", "DELETE FROM routes WHERE charger = 'CP-0002'", "route of charger CP-0002"),
        ("cohort phase", "UPDATE cohorts SET phase_index = 2 WHERE name = 'north'", "cohort north"),
        ("cohort status", "UPDATE cohorts SET status = 'completed' WHERE name = 'north'", "cohort north"),
        ("issue record", "UPDATE issues SET record = replace(record, '\"low\"', '\"critical\"')", "issue ISS-1"),
        ("issue deleted", "DELETE FROM issues", "issue ISS-1"),
        ("charger attributes", "UPDATE chargers SET attributes = '{\"site\":\"s9\"}' WHERE id = 'CP-0003'", "charger CP-0003"),
        ("charger added", "INSERT INTO chargers VALUES ('CP-EVIL', '{}')", "charger CP-EVIL"),
        ("membership", "DELETE FROM cohort_chargers WHERE charger = 'CP-0004'", "membership of cohort north"),
        ("approval forged", "INSERT INTO approvals (seq, cohort, phase, actor, role, at) VALUES (99, 'north', 'wave', 'mallory', 'operations', '2026-11-02T11:00:00Z')", "approvals of cohort north"),
    ]

    @Test("editing a projection table is found and the projection named", arguments: 0..<projections.count)
    func editProjection(index: Int) async throws {
        let (what, sql, named) = Self.projections[index]
        let box = try await prepared()
        try await box.sql(sql)
        let (text, _) = try await verifyFails(box)
        #expect(text.contains("tables do not follow from the journal"), "\(what): \(text)")
        #expect(text.contains(named), "verify names the projection (\(what)): \(text)")
    }

    /// BUG: `verify` compares the issues' records but not the `is_open` column, which `migrate issues close` reads.
    /// Repro: add an issue; `UPDATE issues SET is_open = 0`; `migrate verify` exits 0; `migrate issues close ISS-1` then misbehaves.
    @Test("closing an issue behind the journal's back (is_open column) is found")
    func issueOpenFlag() async throws {
        let box = try await prepared()
        try await box.sql("UPDATE issues SET is_open = 0")
        let r = try await box.run(["verify"])
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.contains("issue ISS-1"), "\(r)")
    }

    @Test("an untouched store verifies, and tampering is not repaired by running commands")
    func untouchedThenTampered() async throws {
        let box = try await prepared()
        try await box.sql("UPDATE journal SET actor = 'mallory' WHERE seq = 2")
        // A later command must not launder the edit by appending on top of it.
        _ = try await box.run(["advance", "north"], now: Sandbox.hoursAfterT0(4))
        let (text, seq) = try await verifyFails(box)
        #expect(seq == 2, "\(text)")
    }
}
