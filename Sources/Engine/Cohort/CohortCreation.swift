import Foundation
import Playbook

/// The rules for creating a cohort, decided on what the store holds: the name is free and well formed, the
/// selector matches chargers of the fleet, and none of them is in another cohort (a charger belongs to one).
public enum CohortCreation {
    /// Why `name` cannot name a cohort, or nil: 1-64 ASCII letters, digits, '-', '_' or '.'.
    public static func problem(withName name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0))
        }
        guard !name.isEmpty, name.count <= 64, allowed else {
            return "cohort name '\(name.prefix(80))' must be 1-64 letters, digits, '-', '_' or '.'"
        }
        return nil
    }

    /// The entries that create cohort `name`, or the error that says why it cannot be created.
    public static func decide(name: String, playbook: Playbook, digest: String, content: String, selector: CohortSelector,
                              fleet: [Charger], memberships: [String: String], existing: [String],
                              actor: String, reason: String) throws -> [JournalEvent] {
        if let problem = problem(withName: name) { throw MigrateError.invalid(problem) }
        if existing.contains(name) { throw MigrateError.conflict("a cohort named \(name) already exists", subject: .cohort(name, known: existing)) }
        if fleet.isEmpty { throw MigrateError.invalid("the fleet is empty; import it first", subject: .fleet) }
        let chosen = fleet.filter(selector.matches)
        guard !chosen.isEmpty else {
            throw MigrateError.invalid("no charger of the fleet (\(fleet.count) chargers) matches \(selector)" + hint(for: selector, fleet: fleet))
        }
        let clash = chosen.filter { memberships[$0.id] != nil }
        if !clash.isEmpty {
            let cohorts = Set(clash.compactMap { memberships[$0.id] }).sorted().joined(separator: ", ")
            throw MigrateError.conflict("\(clash.count) of the \(chosen.count) chargers already belong to cohort \(cohorts) (e.g. \(clash.prefix(3).map(\.id).joined(separator: ", "))); a charger belongs to one cohort")
        }
        return CohortMachine.create(name: name, playbook: playbook, digest: digest, content: content, selector: selector.description,
                                    chargers: chosen, actor: actor, reason: reason)
    }

    /// A hint when a selector matches nothing: the attribute values the fleet has.
    static func hint(for selector: CohortSelector, fleet: [Charger]) -> String {
        guard let first = selector.conditions.first(where: { cond in
            !fleet.contains { c in c.value(of: cond.attribute).map(cond.values.contains) ?? false }
        }) else { return "" }
        let values = Set(fleet.compactMap { $0.value(of: first.attribute) }).sorted()
        if values.isEmpty { return "; the fleet has no attribute `\(first.attribute)`" }
        return "; \(first.attribute) values in the fleet: " + values.prefix(12).joined(separator: ", ") + (values.count > 12 ? ", …" : "")
    }
}

private extension Charger {
    /// An attribute's value; `id` is the charger's id.
    func value(of attribute: String) -> String? { attribute == "id" ? id : attributes[attribute] }
}
