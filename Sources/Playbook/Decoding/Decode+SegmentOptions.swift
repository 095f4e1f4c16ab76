internal import Yams

extension PlaybookDecoder {
    /// A metric gate's `by: ATTR` and `on_fail:`. `quarantine` needs `by`: it sends the failing segments back.
    func decodeSegmentOptions(_ fields: Fields, label: String, phase: String) -> (by: String?, onFail: GateOnFail?, ok: Bool) {
        var ok = true
        var by: String?
        if let node = fields["by"] {
            // A fleet attribute's name: one line of printable text, at most `ValueLimits.longestName` characters.
            by = name(node, "'by' of \(label) in \(phase)")
            if by == nil { ok = false }
        }
        var onFail: GateOnFail?
        if let node = fields["on_fail"] {
            if let text = choice(node, "'on_fail' of \(label) in \(phase)", GateOnFail.allCases.map(\.rawValue)) {
                onFail = GateOnFail(rawValue: text)
                if onFail == .quarantine, !fields.has("by") {
                    error("'on_fail: quarantine' of \(label) in \(phase) needs 'by: ATTRIBUTE': it quarantines the failing segments (e.g. 'by: model')", at: node)
                    ok = false
                }
            } else { ok = false }
        }
        return (by, onFail, ok)
    }
}
