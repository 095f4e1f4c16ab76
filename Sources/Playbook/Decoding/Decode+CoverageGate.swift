internal import Yams

extension PlaybookDecoder {
    func decodeCoverageGate(_ node: Node, phase: String) -> CoverageGate? {
        let what = "the coverage gate of \(phase)"
        guard let fields = fields(node, what, allowed: ["by", "min_each"], required: ["by"]) else { return nil }
        let by = fields["by"].flatMap { name($0, "'by' of \(what)") }
        var minEach = 1
        var ok = by != nil
        if let node = fields["min_each"] {
            if let value = int(node, "'min_each' of \(what)", in: 1...ValueLimits.largestCount) { minEach = value } else { ok = false }
        }
        if ok, !someScopeSoFar {
            error("\(what) can never pass: no phase up to here has a 'scope', so no charger is routed to '\(target)'", at: node)
            ok = false
        }
        guard ok, let by else { return nil }
        return CoverageGate(by: by, minEach: minEach)
    }
}
