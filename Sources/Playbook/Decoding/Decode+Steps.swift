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

    private func decodeWebhook(_ node: Node, _ what: String) -> WebhookStep? {
        let label = "the webhook in \(what)"
        guard let fields = fields(node, label, allowed: Self.webhookKeys, required: ["url"]) else { return nil }
        var ok = true
        let url = fields["url"].flatMap { httpURL($0, "'url' of \(label)") }
        var method = "POST"
        if let node = fields["method"] {
            if let text = string(node, "'method' of \(label)") {
                method = text.uppercased()
                if !Self.httpMethods.contains(method) {
                    error("'method' of \(label) must be one of \(Self.httpMethods.joined(separator: ", ")); found '\(text)'", at: node)
                    ok = false
                }
            } else { ok = false }
        }
        var headers: [WebhookStep.Header] = []
        if let node = fields["headers"] {
            if case let .mapping(mapping) = node {
                for (name, value) in mapping {
                    if let name = string(name, "a header name in \(label)"), let value = string(value, "header '\(name)' in \(label)") {
                        headers.append(.init(name: name, value: value))
                    } else { ok = false }
                }
            } else {
                error("'headers' of \(label) must be a mapping of header name → value; found \(kind(of: node))", at: node)
                ok = false
            }
        }
        let body = fields["body"].map(jsonValue)
        var timeout = WebhookStep.defaultTimeout
        if let node = fields["timeout"] {
            if let value = duration(node, "'timeout' of \(label)", positive: true) { timeout = value } else { ok = false }
        }
        var retries = WebhookStep.defaultRetries
        if let node = fields["retries"] {
            if let value = int(node, "'retries' of \(label)") {
                if value < 0 || value > 100 { error("'retries' of \(label) must be between 0 and 100; found \(value)", at: node); ok = false }
                retries = value
            } else { ok = false }
        }
        var secretEnv: String?
        if let node = fields["secret_env"], let name = string(node, "'secret_env' of \(label)") {
            let valid = name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
                && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            if !valid {
                error("'secret_env' of \(label) must name an environment variable (letters, digits, '_'), e.g. MIGRATE_WEBHOOK_KEY; found '\(name)'", at: node)
                ok = false
            }
            secretEnv = name
        } else if fields.has("secret_env") { ok = false }
        guard ok, let url else { return nil }
        return WebhookStep(url: url, method: method, headers: headers, body: body, timeout: timeout, retries: retries, secretEnv: secretEnv)
    }

    private func decodeRun(_ node: Node, _ what: String) -> RunStep? {
        let label = "the run step in \(what)"
        var commandNode = node
        var timeout = RunStep.defaultTimeout
        if case .mapping = node {
            guard let fields = fields(node, label, allowed: ["command", "timeout"], required: ["command"]),
                  let command = fields["command"] else { return nil }
            commandNode = command
            if let node = fields["timeout"] {
                guard let value = duration(node, "'timeout' of \(label)", positive: true) else { return nil }
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
        return RunStep(command: parts.map(\.0), timeout: timeout)
    }
}
