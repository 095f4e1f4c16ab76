internal import Yams

/// A scope as written, with the positions the widening check points at.
struct DecodedScope {
    var scope: Scope
    var node: SourcePosition
    var sharePosition: SourcePosition?
}

extension PlaybookDecoder {
    /// `all`, or attribute → value(s), optionally with `share: N%`.
    func decodeScope(_ node: Node, phase: String) -> DecodedScope? {
        let what = "'scope' of \(phase)"
        if case let .scalar(scalar) = node, !isNull(node) {
            guard scalar.string == "all" else {
                error("\(what) must be 'all' or a mapping of attribute → value(s) with an optional 'share: N%'; found '\(scalar.string)'", at: node)
                return nil
            }
            return DecodedScope(scope: .all, node: position(of: node))
        }
        guard case let .mapping(mapping) = node else {
            error("\(what) must be 'all' or a mapping of attribute → value(s) with an optional 'share: N%'; found \(kind(of: node))", at: node)
            return nil
        }
        if mapping.isEmpty {
            error("\(what) is empty and would select nothing; write 'all', attributes such as 'site: [depot-north]', or 'share: 10%'", at: node)
            return nil
        }
        var selectors: [AttributeSelector] = []
        var share: Percentage?
        var sharePosition: SourcePosition?
        var ok = true
        for (keyNode, value) in mapping {
            guard let attribute = string(keyNode, "an attribute name in \(what)") else { ok = false; continue }
            if attribute == "share" {
                share = percentage(value, "'share' in \(what)")
                sharePosition = position(of: value)
                if share == nil { ok = false }
                continue
            }
            guard let values = strings(value, "the values of '\(attribute)' in \(what)") else { ok = false; continue }
            if values.isEmpty {
                error("'\(attribute)' in \(what) lists no values, so it would select no charger", at: value)
                ok = false
                continue
            }
            selectors.append(AttributeSelector(attribute: attribute, values: values.map(\.0)))
        }
        guard ok else { return nil }
        return DecodedScope(scope: .select(attributes: selectors, share: share), node: position(of: node), sharePosition: sharePosition)
    }
}

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
