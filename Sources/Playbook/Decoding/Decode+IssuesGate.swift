internal import Yams

extension PlaybookDecoder {
    func decodeIssuesGate(_ node: Node, phase: String) -> IssuesGate? {
        let what = "the issues gate of \(phase)"
        guard let fields = fields(node, what, allowed: ["severity", "scope", "max_open"]) else { return nil }
        var ok = true
        var severities: [Severity] = []
        if let node = fields["severity"], let list = strings(node, "'severity' of \(what)") {
            for (text, item) in list {
                if let severity = Severity(rawValue: text) {
                    if severities.contains(severity) { error("severity '\(text)' is listed twice in \(what)", at: item); ok = false }
                    severities.append(severity)
                } else {
                    let names = Severity.allCases.map(\.rawValue)
                    error("unknown severity '\(text)' in \(what); use \(names.joined(separator: ", "))\(Suggestion.hint(for: text, in: names))", at: item)
                    ok = false
                }
            }
        } else if fields.has("severity") { ok = false }
        var scope: IssueScope?
        if let node = fields["scope"] {
            if let text = choice(node, "'scope' of \(what)", IssueScope.allCases.map(\.rawValue)) { scope = IssueScope(rawValue: text) } else { ok = false }
        }
        var maxOpen = 0
        if let node = fields["max_open"] {
            if let value = int(node, "'max_open' of \(what)", in: 0...ValueLimits.largestCount) { maxOpen = value } else { ok = false }
        }
        return ok ? IssuesGate(severities: severities, scope: scope, maxOpen: maxOpen) : nil
    }
}
