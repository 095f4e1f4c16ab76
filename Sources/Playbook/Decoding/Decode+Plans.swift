internal import Yams

extension PlaybookDecoder {
    static let stepKinds = ["route", "webhook", "run", "manual", "wait"]
    static let webhookKeys = ["url", "method", "headers", "body", "timeout", "retries", "secret_env"]
    static let httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    func decodePlans(_ node: Node) -> Plans? {
        guard let fields = fields(node, "'plans'", allowed: ["pause", "rollback"], required: ["rollback"]) else { return nil }
        let pause = fields["pause"].map { decodeSteps($0, "the pause plan") } ?? []
        guard let rollbackNode = fields["rollback"] else { return nil }
        let rollback = decodeSteps(rollbackNode, "the rollback plan")
        if let rollback, rollback.isEmpty {
            error("the rollback plan has no step; a migration needs a way back (e.g. '- route: \(backendNames?.first ?? "legacy")')", at: fields.keyNode("rollback") ?? rollbackNode)
            return nil
        }
        if let rollback, let to = toBackend, let from = fromBackend {
            for step in rollback where step.action == .route(backend: to) {
                warning("the rollback plan routes chargers to '\(to)' ('to'); a rollback normally routes them back to '\(from)' ('from')", at: step.position)
            }
        }
        guard let pause, let rollback else { return nil }
        return Plans(pause: pause, rollback: rollback)
    }

    /// A list of steps; nil if any step is broken (each one said why).
    func decodeSteps(_ node: Node, _ what: String) -> [Step]? {
        if isNull(node) { return [] }
        guard let list = items(node, what) else { return nil }
        var steps: [Step] = []
        var ok = true
        for item in list {
            if let step = decodeStep(item, what) { steps.append(step) } else { ok = false }
        }
        return ok ? steps : nil
    }

    private func decodeStep(_ node: Node, _ what: String) -> Step? {
        let label = "a step of \(what)"
        guard case let .mapping(mapping) = node, mapping.count == 1, let (keyNode, value) = mapping.first,
              let key = keyNode.scalar?.string else {
            if case let .mapping(mapping) = node, mapping.count > 1 {
                let keys = mapping.compactMap { $0.key.scalar?.string }
                if keys.allSatisfy(Self.stepKinds.contains) {
                    error("\(label) has \(mapping.count) kinds (\(quoteList(keys))); write each as its own '- ' entry", at: node)
                } else {
                    _ = fields(node, label, allowed: Self.stepKinds)
                }
            } else {
                error("\(label) must be one of '- route: BACKEND', '- webhook: {...}', '- run: [...]', '- manual: TEXT', '- wait: DURATION'; found \(kind(of: node))", at: node)
            }
            return nil
        }
        let action: StepAction?
        switch key {
        case "route": action = backendReference(value, "'route' in \(what)").map { StepAction.route(backend: $0) }
        case "webhook": action = decodeWebhook(value, what).map(StepAction.webhook)
        case "run": action = decodeRun(value, what).map(StepAction.run)
        case "manual": action = string(value, "'manual' in \(what)").map(StepAction.manual)
        case "wait": action = duration(value, "'wait' in \(what)", positive: true).map(StepAction.wait)
        default:
            error("unknown step '\(key)' in \(what)\(Suggestion.hint(for: key, in: Self.stepKinds)) (steps are \(Self.stepKinds.joined(separator: ", ")))", at: keyNode)
            action = nil
        }
        return action.map { Step($0, position: position(of: node)) }
    }
}
