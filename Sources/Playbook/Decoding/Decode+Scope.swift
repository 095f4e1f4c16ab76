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
            guard let attribute = name(keyNode, "an attribute name in \(what)") else { ok = false; continue }
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
