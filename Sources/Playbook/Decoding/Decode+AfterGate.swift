internal import Yams

extension PlaybookDecoder {
    func decodeAfterGate(_ node: Node, phase: String) -> AfterGate? {
        let what = "the after gate of \(phase)"
        guard let fields = fields(node, what, allowed: ["cohort", "phase", "completed"], required: ["cohort"]) else { return nil }
        let cohort = fields["cohort"].flatMap { name($0, "'cohort' of \(what)") }
        var milestone: AfterGate.Milestone?
        switch (fields["phase"], fields["completed"]) {
        case (nil, nil):
            error("\(what) needs either 'phase: NAME' or 'completed: true'", at: node)
        case (.some, .some):
            error("\(what) has both 'phase' and 'completed'; give one", at: fields.keyNode("completed") ?? node)
        case let (.some(phaseNode), nil):
            milestone = name(phaseNode, "'phase' of \(what)").map(AfterGate.Milestone.phase)
        case let (nil, .some(completedNode)):
            if let value = bool(completedNode, "'completed' of \(what)") {
                if value { milestone = .completed } else { error("'completed: false' in \(what) means nothing; write 'completed: true' or 'phase: NAME'", at: completedNode) }
            }
        }
        guard let cohort, let milestone else { return nil }
        return AfterGate(cohort: cohort, milestone: milestone)
    }
}
