internal import Yams

extension PlaybookDecoder {
    /// `run: [program, arg, ...]` or `run: {command: [...], timeout: D}`
    func decodeRun(_ node: Node, _ what: String) -> RunStep? {
        let label = "the run step in \(what)"
        var commandNode = node
        var timeout = RunStep.defaultTimeout
        if case .mapping = node {
            guard let fields = fields(node, label, allowed: ["command", "timeout"], required: ["command"]),
                  let command = fields["command"] else { return nil }
            commandNode = command
            if let node = fields["timeout"] {
                guard let value = duration(node, "'timeout' of \(label)", positive: true, longest: ValueLimits.longestTimeout) else { return nil }
                timeout = value
            }
        }
        guard case .sequence = commandNode else {
            error("\(label) must be a list [program, arg, ...] (no shell is used) or {command: [...], timeout: D}; found \(kind(of: commandNode))", at: commandNode)
            return nil
        }
        guard let parts = strings(commandNode, "the command of \(label)", single: false) else { return nil }
        if parts.isEmpty {
            error("the command of \(label) is empty; give at least the program", at: commandNode)
            return nil
        }
        checkTemplates(in: commandNode, "the command of \(label)")
        return RunStep(command: parts.map(\.0), timeout: timeout)
    }
}
