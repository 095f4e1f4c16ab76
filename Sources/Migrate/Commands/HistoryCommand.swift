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

/// One journal entry as JSON: the envelope (seq, at, kind, cohort, actor, reason, simulated) and the payload's
/// fields beside it (`evidence` is the gate report, `phase` the phase). Where both have a key, the envelope's
/// value wins unless it is null (an issue entry's `cohort` is the issue's).
enum HistoryJSON {
    static func object(_ e: JournalEntry) throws -> String {
        let payload = try JournalCoding.payload(of: e.event)
        var merged = (try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any]) ?? [:]
        let envelope: [String: Any] = [
            "seq": e.seq, "at": ISOTime.format(e.at), "kind": e.kind.rawValue, "cohort": e.cohort ?? NSNull(),
            "actor": e.actor, "reason": e.reason ?? NSNull(), "simulated": e.simulated,
        ]
        for (key, value) in envelope where !(value is NSNull && merged[key] != nil) { merged[key] = value }
        let data = try JSONSerialization.data(withJSONObject: merged, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
