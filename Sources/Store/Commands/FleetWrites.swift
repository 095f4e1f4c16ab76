import Foundation
internal import GRDB
import Engine
import Gates
import Playbook

extension MigrateStore {
    /// What importing a fleet file did.
    public struct FleetImportReport: Sendable {
        public var added: Int
        public var updated: Int
        public var unchanged: Int
        public var entry: JournalEntry?
    }

    /// Adds new chargers and updates the attributes of known ones, as one journal entry.
    /// Importing the same rows again changes nothing and appends nothing.
    public func importFleet(_ chargers: [Charger], file: String, digest: String, meta: EntryMeta) throws -> FleetImportReport {
        try pool.writeWithoutTransaction { db in
            var report = FleetImportReport(added: 0, updated: 0, unchanged: 0, entry: nil)
            try db.inTransaction(.immediate) {
                var changed: [Charger] = []
                for c in chargers {
                    let existing = try String.fetchOne(db, sql: "SELECT attributes FROM chargers WHERE id = ?", arguments: [c.id])
                    if let existing {
                        if try Self.decodeAttributes(existing) == c.attributes { report.unchanged += 1; continue }
                        report.updated += 1
                    } else {
                        report.added += 1
                    }
                    changed.append(c)
                }
                if !changed.isEmpty {
                    report.entry = try Self.append(meta.entry(.fleetImported(.init(file: file, digest: digest, chargers: changed,
                                                                                  added: report.added, updated: report.updated)), cohort: nil), db)
                }
                return .commit
            }
            return report
        }
    }

    /// Creates a cohort of the fleet's chargers that `selector` matches, on `playbook`; it enters the first phase.
    /// Refuses (nothing changed) a duplicate name, a selector that matches no charger, and chargers already in a cohort.
    public func createCohort(name: String, playbook: Playbook, content: String, selector: CohortSelector, meta: EntryMeta) throws -> [JournalEntry] {
        try pool.writeWithoutTransaction { db in
            var entries: [JournalEntry] = []
            try db.inTransaction(.immediate) {
                if try Self.cohort(named: name, db) != nil { throw StoreError("a cohort named \(name) already exists") }
                let fleet = try Row.fetchAll(db, sql: "SELECT id, attributes FROM chargers ORDER BY id").map {
                    Charger(id: $0["id"], attributes: try Self.decodeAttributes($0["attributes"]))
                }
                if fleet.isEmpty { throw StoreError("the fleet is empty; import it first with `migrate fleet import FILE`") }
                let chosen = fleet.filter(selector.matches)
                guard !chosen.isEmpty else {
                    throw StoreError("no charger of the fleet (\(fleet.count) chargers) matches \(selector)" + Self.hint(for: selector, fleet: fleet))
                }
                let taken = try Row.fetchAll(db, sql: "SELECT charger, cohort FROM cohort_chargers")
                var owner: [String: String] = [:]
                for row in taken { owner[row["charger"]] = row["cohort"] }
                let clash = chosen.filter { owner[$0.id] != nil }
                if !clash.isEmpty {
                    let cohorts = Set(clash.compactMap { owner[$0.id] }).sorted().joined(separator: ", ")
                    throw StoreError("\(clash.count) of the \(chosen.count) chargers already belong to cohort \(cohorts) (e.g. \(clash.prefix(3).map(\.id).joined(separator: ", "))); a charger belongs to one cohort")
                }
                let digest = EntryHash.digest(Data(content.utf8))
                let events = CohortMachine.create(name: name, playbook: playbook, digest: digest, content: content,
                                                  selector: selector.description, chargers: chosen, actor: meta.actor, reason: meta.reason ?? "")
                entries = try events.map { try Self.append(meta.entry($0, cohort: name), db) }
                return .commit
            }
            return entries
        }
    }

    /// A hint when a selector matches nothing: the attribute values the fleet has.
    static func hint(for selector: CohortSelector, fleet: [Charger]) -> String {
        guard let first = selector.conditions.first(where: { cond in !fleet.contains { c in c.attributes[cond.attribute].map(cond.values.contains) ?? false } }) else { return "" }
        let values = Set(fleet.compactMap { $0.attributes[first.attribute] }).sorted()
        if values.isEmpty { return "; the fleet has no attribute `\(first.attribute)`" }
        return "; \(first.attribute) values in the fleet: " + values.prefix(12).joined(separator: ", ") + (values.count > 12 ? ", …" : "")
    }
}

/// Who acts, when, and why: the parts of a journal entry the command gives.
public struct EntryMeta: Sendable {
    public var at: Date
    public var actor: String
    public var reason: String?
    public var simulated: Bool

    public init(at: Date, actor: String, reason: String?, simulated: Bool) {
        self.at = at
        self.actor = actor
        self.reason = reason
        self.simulated = simulated
    }

    public init(_ invocation: Invocation, reason: String?) {
        self.init(at: invocation.now, actor: invocation.actor, reason: reason, simulated: invocation.simulated)
    }

    public func entry(_ event: JournalEvent, cohort: String?) -> NewEntry {
        NewEntry(at: at, cohort: cohort, actor: actor, reason: reason, simulated: simulated, event: event)
    }
}
