import Engine
import Playbook
import Foundation

/// One journal entry as JSON (`migrate history --json`, the API): the envelope (seq, at, kind, cohort, actor,
/// reason, simulated) and the payload's fields beside it (`evidence` is the gate report, `phase` the phase),
/// plus `what`, the entry in one line. Where both have a key, the envelope's value wins unless it is null
/// (an issue entry's `cohort` is the issue's).
public enum HistoryView {
    public static func object(_ e: JournalEntry) throws -> [String: Any] {
        let payload = try JournalCoding.payload(of: e.event)
        var merged = (try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any]) ?? [:]
        let envelope: [String: Any] = [
            "seq": e.seq, "at": ISOTime.format(e.at), "kind": e.kind.rawValue, "cohort": e.cohort ?? NSNull(),
            "actor": e.actor, "reason": e.reason ?? NSNull(), "simulated": e.simulated,
        ]
        for (key, value) in envelope where !(value is NSNull && merged[key] != nil) { merged[key] = value }
        if merged["what"] == nil { merged["what"] = e.event.summary }
        return merged
    }

    /// The entries as a JSON array, oldest first, keys sorted.
    public static func json(_ entries: [JournalEntry]) throws -> String {
        "[" + (try entries.map { e in
            let data = try JSONSerialization.data(withJSONObject: try object(e), options: [.sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        }.joined(separator: ",\n")) + "]"
    }
}
