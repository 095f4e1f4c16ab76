import ArgumentParser
import Engine
import Foundation
import Store

/// `migrate history COHORT [--json]`: the cohort's journal, oldest first.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "The cohort's journal, oldest first.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The cohort.") var cohort: String
    @Flag(help: "Print JSON: an array of entries with seq, at, kind, cohort, actor, reason, simulated and the payload's fields.") var json = false

    func run() async throws {
        let entries = try Context(global).store.history(cohort: cohort)
        if json {
            print("[" + (try entries.map(HistoryJSON.object).joined(separator: ",\n")) + "]")
            return
        }
        let rows = entries.map { e in
            [String(e.seq), ISOTime.format(e.at) + (e.simulated ? "*" : ""), e.kind.rawValue, e.actor,
             String((Transition.summary(e.event).drop { $0 == ":" || $0 == " " })) + (e.reason.map { $0.isEmpty ? "" : "  (\($0))" } ?? "")]
        }
        print(Output.table(["SEQ", "AT", "KIND", "ACTOR", "WHAT"], rows))
        if entries.contains(where: \.simulated) { print("* simulated clock (--now)") }
    }
}

/// One journal entry as JSON: the envelope fields, then the payload's fields (`evidence` is the gate report).
enum HistoryJSON {
    static func object(_ e: JournalEntry) throws -> String {
        let payload = try JournalCoding.payload(of: e.event)
        var envelope: [(String, String)] = [
            ("seq", String(e.seq)), ("at", quoted(ISOTime.format(e.at))), ("kind", quoted(e.kind.rawValue)),
            ("cohort", e.cohort.map(quoted) ?? "null"), ("actor", quoted(e.actor)), ("reason", e.reason.map(quoted) ?? "null"),
            ("simulated", e.simulated ? "true" : "false"),
        ]
        if case let .blocked(p) = e.event { envelope.append(("phase", quoted(p.phase))) }
        let head = envelope.map { "\(quoted($0.0)): \($0.1)" }.joined(separator: ", ")
        let body = payload.dropFirst().dropLast()
        // The payload's keys follow the envelope's; `kind`, `cohort`, `phase` ... of the envelope win (JSON parsers keep the last, so the payload goes first).
        return body.isEmpty ? "{\(head)}" : "{\(body), \(head)}"
    }

    static func quoted(_ s: String) -> String {
        var out = ""
        JSONValue.writeString(s, to: &out)
        return out
    }
}

import Playbook
