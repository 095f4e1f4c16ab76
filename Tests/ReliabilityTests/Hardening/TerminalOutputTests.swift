import Foundation
import Testing

/// Issue 9, classes 5, 8 and 9: what users type cannot forge lines or send escape sequences to a terminal,
/// oversized or control-character text is refused where it enters, and one person's spellings count once.
@Suite("Hardening: terminal output and text at entry")
struct TerminalOutputTests {
    /// A reason may hold line feeds and tabs (free text); control characters are refused where they enter.
    static let forged = "x\n99   2026-11-02T09:00:00Z*  advanced  root   forged\tend"

    @Test("history, status, issues list and fleet list show control characters escaped; JSON keeps the text")
    func controlCharactersAreEscaped() async throws {
        let box = try Sandbox()
        try await box.setUpAsync(playbook: Paths.fixture("basic.yaml"))
        try await box.okAsync(["pause", "north", "--reason", Self.forged], now: Sandbox.hoursAfterT0(1))
        for args in [["history", "north"], ["status"], ["issues", "list"], ["fleet", "list"]] {
            let r = try await box.runAsync(args, now: Sandbox.hoursAfterT0(2))
            #expect(r.status == 0, "\(r)")
            #expect(!r.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{85}" || $0 == "\u{202E}" || $0 == "\r" }, "\(r)")
            #expect(!r.stdout.contains("\n99   2026"), "no forged line: \(r)")
        }
        let history = try await box.runAsync(["history", "north"], now: Sandbox.hoursAfterT0(2))
        #expect(history.stdout.contains(#"(x\n99   2026-11-02T09:00:00Z*  advanced  root   forged\tend)"#), "\(history)")
        let json = try await box.runAsync(["history", "north", "--json"], now: Sandbox.hoursAfterT0(2))
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]], "\(json)")
        #expect(entries.contains { $0["reason"] as? String == Self.forged }, "the journal keeps what was typed")
    }

    @Test("an error message quoting what was typed shows its escape sequences escaped")
    func errorMessagesAreEscaped() async throws {
        let box = try Sandbox()
        try await box.setUpAsync(playbook: Paths.fixture("basic.yaml"))
        let r = try await box.runAsync(["status", "no\u{1B}[2J\u{9B}31m\u{202E}pe"])
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.contains(#"no cohort named 'no\u001B[2J\u009B31m\u202Epe'"#), "\(r)")
        #expect(!r.stderr.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{9B}" || $0 == "\u{202E}" }, "\(r)")
    }

    @Test("an actor with a control character, an oversized reason and an oversized issue title are refused, nothing written")
    func oversizedAndControlTextIsRefused() async throws {
        let box = try Sandbox()
        try await box.setUpAsync(playbook: Paths.fixture("basic.yaml"))
        let before = try await box.runAsync(["history", "north", "--json"])
        let cases: [([String], String?, String)] = [
            (["pause", "north", "--reason", "x"], "eve\u{1B}[31m", "the actor name contains a control character (U+001B)"),
            (["pause", "north", "--reason", String(repeating: "r", count: 4_097)], nil, "the reason is 4097 characters long; at most 4096"),
            (["issues", "add", "--title", String(repeating: "t", count: 501), "--severity", "low"], nil, "the issue title is 501 characters long"),
            (["issues", "add", "--title", "two\nlines", "--severity", "low"], nil, "the issue title contains a line break"),
        ]
        for (args, actor, message) in cases {
            let r = try await box.runAsync(args, now: Sandbox.hoursAfterT0(1), actor: actor)
            #expect(r.status == 1 && r.stderr.contains(message), "\(r)")
            #expect(!r.stderr.unicodeScalars.contains("\u{1B}"), "\(r)")
        }
        let after = try await box.runAsync(["history", "north", "--json"])
        #expect(before.stdout == after.stdout)
        try await box.verifiesAsync()
    }

    @Test("approvals by alice, 'alice ' and ALICE are one person")
    func spellingsOfOnePerson() async throws {
        let box = try Sandbox()
        try await box.setUpAsync(playbook: try box.write("two.yaml", """
            playbook: two-roles
            version: 1
            backends:
              legacy: ws://legacy.example.net/ocpp
              target: ws://target.example.net/ocpp
            from: legacy
            to: target
            phases:
              - name: pilot
                scope: all
                gates:
                  - approvals: { roles: [operations, support, finance] }
              - name: fleet
                scope: all
            plans:
              rollback:
                - route: legacy

            """))
        for (actor, role) in [("alice", "operations"), ("alice ", "support"), ("ALICE", "finance")] {
            try await box.okAsync(["approve", "north", "--role", role], now: Sandbox.hoursAfterT0(1), actor: actor)
        }
        let gates = try await box.runAsync(["gates", "north", "--json"], now: Sandbox.hoursAfterT0(2))
        #expect(gates.status == 3, "one person is not three: \(gates)")
        #expect(gates.stdout.contains("1 of 3 approvals by distinct people"), "\(gates)")
        let advance = try await box.runAsync(["advance", "north"], now: Sandbox.hoursAfterT0(2))
        #expect(advance.status == 3, "\(advance)")
    }
}
