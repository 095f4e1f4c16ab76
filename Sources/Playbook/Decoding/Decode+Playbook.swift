import Foundation
internal import Yams

extension PlaybookDecoder {
    static let topLevelKeys = ["playbook", "version", "description", "backends", "from", "to", "metrics", "prometheus", "phases", "plans", "alerts"]
    static let requiredTopLevelKeys = ["playbook", "version", "backends", "from", "to", "phases", "plans"]

    /// The whole file. Returns a playbook only when every required part decoded; the caller still
    /// drops it when any error was recorded.
    func decodePlaybook(_ root: Node) -> Playbook? {
        guard case .mapping = root else {
            error("the top level of a playbook must be a mapping with keys 'playbook', 'version', 'backends', 'from', 'to', 'phases' and 'plans'; found \(kind(of: root))", at: root)
            return nil
        }
        guard let top = fields(root, "the playbook", allowed: Self.topLevelKeys, required: Self.requiredTopLevelKeys) else { return nil }

        let name = top["playbook"].flatMap(decodeIdentifier)
        let version = top["version"].flatMap(decodeVersion)
        let description = top["description"].flatMap { string($0, "'description'") }
        let backends = top["backends"].flatMap(decodeBackends)
        backendNames = top["backends"].map(writtenBackendNames) ?? []
        let from = top["from"].flatMap { backendReference($0, "'from'") }
        let to = top["to"].flatMap { backendReference($0, "'to'") }
        if let from, let to, from == to, let toNode = top["to"] {
            error("'from' and 'to' are both '\(to)'; a migration moves chargers between two different backends", at: toNode)
        }
        if let to { target = to }
        if let from, let to, from != to { fromBackend = from; toBackend = to }
        let prometheus = top["prometheus"].flatMap(decodePrometheus)
        let metrics = top["metrics"].map(decodeMetrics) ?? []
        if top["metrics"] == nil { metricForms = [:] }
        if prometheus == nil, !top.has("prometheus") {
            for metric in metrics where metric.form.keyword == "prometheus" {
                error("metric '\(metric.name)' is a Prometheus query, but the playbook has no top-level 'prometheus: { url: ... }' to send it to", at: metric.position)
            }
        }
        let phases = top["phases"].flatMap(decodePhases)
        let plans = top["plans"].flatMap(decodePlans)
        let alerts = top["alerts"].flatMap(decodeAlerts)

        // Only on an otherwise clean file: after an error (a misspelt gate) it would mislead.
        let clean = !diagnostics.contains { $0.severity == .error }
        for metric in metrics where clean && !usedMetrics.contains(metric.name) {
            warning("metric '\(metric.name)' is defined but no gate uses it", at: metric.position)
        }

        guard let name, let version, let backends, let from, let to, let phases, let plans else { return nil }
        if top.has("alerts"), alerts == nil { return nil }
        return Playbook(name: name, version: version, description: description, backends: backends,
                        from: from, to: to, prometheus: prometheus, metrics: metrics, phases: phases, plans: plans, alerts: alerts ?? [])
    }

    private func decodeIdentifier(_ node: Node) -> String? {
        guard let text = string(node, "'playbook'") else { return nil }
        let valid = text.count <= 64 && text.first.map { $0.isASCII && ($0.isLowercase || $0.isNumber) } == true
            && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        guard valid else {
            error("playbook identifier '\(text)' may use only lowercase letters, digits and '-', start with a letter or digit, and be at most 64 characters (e.g. 'csms-cutover')", at: node)
            return nil
        }
        return text
    }

    private func decodeVersion(_ node: Node) -> Int? {
        guard let version = int(node, "'version'") else { return nil }
        guard version == 1 else {
            error("unsupported version \(version); only version 1 of the playbook language exists", at: node)
            return nil
        }
        return version
    }

    /// Every backend name written, even where the URL is broken, so references still resolve.
    private func writtenBackendNames(_ node: Node) -> [String]? {
        guard case let .mapping(mapping) = node else { return nil }
        return mapping.compactMap { $0.key.scalar?.string }
    }

    private func decodeBackends(_ node: Node) -> [Backend]? {
        guard case let .mapping(mapping) = node else {
            error("'backends' must be a mapping of name → ws:// or wss:// URL; found \(kind(of: node))", at: node)
            return nil
        }
        var backends: [Backend] = []
        for (keyNode, value) in mapping {
            guard let name = self.name(keyNode, "a backend name") else { continue }
            guard let url = string(value, "the URL of backend '\(name)'") else { continue }
            guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(),
                  scheme == "ws" || scheme == "wss", parsed.host?.isEmpty == false else {
                error("backend '\(name)' URL '\(url)' must be a ws:// or wss:// OCPP endpoint with a host", at: value)
                continue
            }
            backends.append(Backend(name: name, url: url, position: position(of: keyNode)))
        }
        if mapping.count < 2 {
            error("'backends' needs at least two backends (where chargers are, and where they go); found \(mapping.count)", at: node)
        }
        return backends.count == mapping.count ? backends : nil
    }

    /// A backend name that must be one of `backends`.
    func backendReference(_ node: Node, _ what: String) -> String? {
        guard let name = self.name(node, what) else { return nil }
        if let known = backendNames, !known.contains(name) {
            let list = known.isEmpty ? "none are defined" : "known: \(known.joined(separator: ", "))"
            error("\(what) names backend '\(name)', which is not in 'backends' (\(list))\(Suggestion.hint(for: name, in: known))", at: node)
            return nil
        }
        return name
    }

    private func decodePrometheus(_ node: Node) -> PrometheusSource? {
        guard let fields = fields(node, "'prometheus'", allowed: ["url"], required: ["url"]),
              let urlNode = fields["url"], let url = httpURL(urlNode, "the Prometheus 'url'") else { return nil }
        return PrometheusSource(url: url, position: fields.position)
    }

    /// An http:// or https:// URL with a host.
    func httpURL(_ node: Node, _ what: String) -> String? {
        guard let url = string(node, what) else { return nil }
        // Templates such as {{cohort}} are filled in (and escaped) later; check the URL around them.
        let probe = url.replacingOccurrences(of: #"\{\{[^}]*\}\}"#, with: "x", options: .regularExpression)
        guard let parsed = URLComponents(string: probe), let scheme = parsed.scheme?.lowercased(),
              scheme == "http" || scheme == "https", parsed.host?.isEmpty == false else {
            error("\(what) '\(url)' must be an http:// or https:// URL with a host", at: node)
            return nil
        }
        return url
    }
}
