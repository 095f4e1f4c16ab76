import Playbook

/// Which of a cohort's chargers a phase's scope routes to `to`. Pure and deterministic.
///
/// Scopes only widen: chargers already on `to` stay there. A share is taken model by model
/// (stratified): in each model, `ceil(share × matching)` chargers end up on `to`, the ones already
/// there counting toward it, the rest added in a stable order (FNV-1a hash of the charger id),
/// so 10% then 50% keeps the first 10%. A charger the scope would take but that is not admitted
/// (it failed the phase's preflight) is passed over: it stays where it is, and a share takes the next
/// admitted charger of its model instead.
public enum ScopeResolver {
    /// What a scope does on entering a phase.
    public struct Selection: Sendable, Equatable {
        /// The ids that must be on `to` (a superset of the ones already there).
        public var targets: Set<String>
        /// Chargers the scope would have taken but did not admit, in the order it met them.
        public var passedOver: [String]
    }

    /// The ids that must be on `to` once the phase is entered (a superset of `onTarget`).
    public static func targets(of scope: Scope?, chargers: [Charger], onTarget: Set<String>) -> Set<String> {
        select(scope, chargers: chargers, onTarget: onTarget).targets
    }

    /// Applies `scope` to `chargers` (a set-aside charger is simply not passed in), taking only those `admits` lets in.
    public static func select(_ scope: Scope?, chargers: [Charger], onTarget: Set<String>,
                              admits: (String) -> Bool = { _ in true }) -> Selection {
        guard let scope else { return Selection(targets: onTarget, passedOver: []) }
        var result = onTarget
        var passed: [String] = []
        func offer(_ ids: [String]) {
            for id in ids where !onTarget.contains(id) {
                if admits(id) { result.insert(id) } else { passed.append(id) }
            }
        }
        switch scope {
        case .all:
            offer(ordered(chargers).map(\.id))
        case let .select(selectors, share):
            let matching = chargers.filter { c in
                selectors.allSatisfy { s in c.attributes[s.attribute].map(s.values.contains) ?? false }
            }
            guard let share else {
                offer(ordered(matching).map(\.id))
                break
            }
            let byModel = Dictionary(grouping: matching) { $0.attributes["model"] ?? "" }
            for model in byModel.keys.sorted() {
                let group = byModel[model]!
                let wanted = Int((share.fraction * Double(group.count)).rounded(.up) + 0.0)
                var missing = wanted - group.filter { onTarget.contains($0.id) }.count
                for c in ordered(group.filter { !onTarget.contains($0.id) }) where missing > 0 {
                    if admits(c.id) {
                        result.insert(c.id)
                        missing -= 1
                    } else {
                        passed.append(c.id)
                    }
                }
            }
        }
        return Selection(targets: result, passedOver: passed)
    }

    /// Every charger a scope could take, not yet on `to`, in the order it would consider them: the candidates a
    /// preflight must judge (for a share: the whole of each model, since replacements come from it).
    public static func candidates(of scope: Scope?, chargers: [Charger], onTarget: Set<String>) -> [String] {
        guard let scope else { return [] }
        switch scope {
        case .all:
            return ordered(chargers).map(\.id).filter { !onTarget.contains($0) }
        case let .select(selectors, _):
            let matching = chargers.filter { c in
                selectors.allSatisfy { s in c.attributes[s.attribute].map(s.values.contains) ?? false }
            }
            return ordered(matching).map(\.id).filter { !onTarget.contains($0) }
        }
    }

    /// Chargers in the stable order scopes take them: by hash of the id, then by id.
    static func ordered(_ chargers: [Charger]) -> [Charger] {
        chargers.sorted { (stableHash($0.id), $0.id) < (stableHash($1.id), $1.id) }
    }

    /// FNV-1a, 64 bit: the same on every machine and every run (Swift's Hasher is seeded per process).
    public static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}

private func < (a: (UInt64, String), b: (UInt64, String)) -> Bool {
    a.0 != b.0 ? a.0 < b.0 : a.1 < b.1
}
