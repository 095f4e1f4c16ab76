/// Scopes only widen: a charger on `to` stays there while the cohort moves forward.
///
/// Flags a later scope that is surely narrower than an earlier one: anything after `all`, a smaller
/// explicit share, or the same attributes with values dropped.
struct ScopeWidening {
    private var previous: (scope: DecodedScope, phase: String)?

    mutating func check(_ current: DecodedScope, phase: String, decoder: PlaybookDecoder) {
        defer { previous = (current, phase) }
        guard let (before, beforePhase) = previous else { return }
        switch (before.scope, current.scope) {
        case let (.all, .select(attributes, share)):
            if attributes.isEmpty, share == nil || share?.value == 100 { return }
            decoder.error("\(phase) narrows the scope after \(beforePhase) routed 'all' chargers; scopes only widen (a charger on '\(decoder.target)' stays there), so write 'scope: all' or leave 'scope' out", at: current.node)
        case let (.select(oldAttributes, oldShare), .select(newAttributes, newShare)):
            // Only a like-for-like comparison is sure: the same attributes, a smaller share or fewer values.
            if oldAttributes == newAttributes, let newShare, newShare < (oldShare ?? Percentage(100)) {
                decoder.error("share \(newShare) in \(phase) is smaller than \(oldShare ?? Percentage(100)) in \(beforePhase); scopes only widen (a charger on '\(decoder.target)' stays there)", at: current.sharePosition ?? current.node)
                return
            }
            let oldNames = Set(oldAttributes.map(\.attribute)), newNames = Set(newAttributes.map(\.attribute))
            guard oldNames == newNames, !oldNames.isEmpty else { return }
            for old in oldAttributes {
                guard let new = newAttributes.first(where: { $0.attribute == old.attribute }) else { continue }
                let dropped = old.values.filter { !new.values.contains($0) }
                if !dropped.isEmpty {
                    decoder.error("\(phase) drops \(old.attribute) \(dropped.joined(separator: ", ")) that \(beforePhase) included; scopes only widen (a charger on '\(decoder.target)' stays there)", at: current.node)
                    return
                }
            }
        default:
            return
        }
    }
}
