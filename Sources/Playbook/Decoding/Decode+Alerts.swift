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
            let (secretEnv, secretOK) = secretEnvironmentName(fields, label)
            if !secretOK { ok = false; continue }
            targets.append(AlertTarget(webhook: url, secretEnv: secretEnv, position: fields.position))
        }
        return ok ? targets : nil
    }
}
