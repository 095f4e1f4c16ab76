internal import Yams

extension PlaybookDecoder {
    /// `webhook: {url, method, headers, body, timeout, retries, secret_env}`
    func decodeWebhook(_ node: Node, _ what: String) -> WebhookStep? {
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
                    if let name = self.name(name, "a header name in \(label)"), let value = string(value, "header '\(name)' in \(label)") {
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
            if let value = duration(node, "'timeout' of \(label)", positive: true, longest: ValueLimits.longestTimeout) { timeout = value } else { ok = false }
        }
        var retries = WebhookStep.defaultRetries
        if let node = fields["retries"] {
            if let value = int(node, "'retries' of \(label)", in: ValueLimits.retries) { retries = value } else { ok = false }
        }
        let (secretEnv, secretOK) = secretEnvironmentName(fields, label)
        if !secretOK { ok = false }
        for key in ["url", "headers", "body"] {
            if let node = fields[key] { checkTemplates(in: node, "'\(key)' of \(label)") }
        }
        guard ok, let url else { return nil }
        return WebhookStep(url: url, method: method, headers: headers, body: body, timeout: timeout, retries: retries, secretEnv: secretEnv)
    }

    /// `secret_env` of `label`: the name of an environment variable (letters, digits, '_'), and whether it is valid
    /// (absent is valid).
    func secretEnvironmentName(_ fields: Fields, _ label: String) -> (name: String?, ok: Bool) {
        guard let node = fields["secret_env"] else { return (nil, true) }
        guard let name = string(node, "'secret_env' of \(label)") else { return (nil, false) }
        let valid = name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        if !valid {
            error("'secret_env' of \(label) must name an environment variable (letters, digits, '_'), e.g. MIGRATE_WEBHOOK_KEY; found '\(name)'", at: node)
        }
        return (name, valid)
    }
}
