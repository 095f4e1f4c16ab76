import Playbook

/// Which of a cohort's chargers a phase's scope routes to `to`. Pure and deterministic.
///
/// Scopes only widen: chargers already on `to` stay there. A share is taken model by model
/// (stratified): in each model, `ceil(share × matching)` chargers end up on `to`, the ones already
/// there counting toward it, the rest added in a stable order (FNV-1a hash of the charger id),
/// so 10% then 50% keeps the first 10%.
public enum ScopeResolver {
    /// The ids that must be on `to` once the phase is entered (a superset of `onTarget`).
    public static func targets(of scope: Scope?, chargers: [Charger], onTarget: Set<String>) -> Set<String> {
        guard let scope else { return onTarget }
        switch scope {
        case .all:
            return Set(chargers.map(\.id))
        case let .select(selectors, share):
            let matching = chargers.filter { c in
                selectors.allSatisfy { s in c.attributes[s.attribute].map(s.values.contains) ?? false }
            }
            guard let share else { return onTarget.union(matching.map(\.id)) }
            var result = onTarget
            let byModel = Dictionary(grouping: matching) { $0.attributes["model"] ?? "" }
            for (_, group) in byModel {
                let wanted = Int((share.fraction * Double(group.count)).rounded(.up) + 0.0)
                let already = group.filter { onTarget.contains($0.id) }.count
                guard wanted > already else { continue }
                let candidates = group.filter { !onTarget.contains($0.id) }
                    .sorted { (stableHash($0.id), $0.id) < (stableHash($1.id), $1.id) }
                for c in candidates.prefix(wanted - already) { result.insert(c.id) }
            }
            return result
        }
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
