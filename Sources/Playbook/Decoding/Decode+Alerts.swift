internal import Yams

extension PlaybookDecoder {
    /// `alerts: [{webhook: URL, secret_env: NAME}, ...]`: where the service sends this playbook's cohorts' alerts.
    func decodeAlerts(_ node: Node) -> [AlertTarget]? {
        guard let items = items(node, "'alerts'") else { return nil }
        var targets: [AlertTarget] = []
        var ok = true
        for (i, item) in items.enumerated() {
            let label = "alert \(i + 1)"
            guard let fields = fields(item, label, allowed: ["webhook", "secret_env"], required: ["webhook"]),
                  let urlNode = fields["webhook"], let url = httpURL(urlNode, "the 'webhook' of \(label)") else { ok = false; continue }
            var secretEnv: String?
            if let envNode = fields["secret_env"], let name = string(envNode, "'secret_env' of \(label)") {
                let valid = name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
                    && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
                if !valid {
                    error("'secret_env' of \(label) must name an environment variable (letters, digits, '_'), e.g. MIGRATE_ALERT_KEY; found '\(name)'", at: envNode)
                    ok = false
                }
                secretEnv = name
            } else if fields.has("secret_env") { ok = false }
            targets.append(AlertTarget(webhook: url, secretEnv: secretEnv, position: fields.position))
        }
        return ok ? targets : nil
    }
}
