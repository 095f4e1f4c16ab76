internal import Yams

extension PlaybookDecoder {
    static let checkKeys = ["http", "run", "method", "headers", "expect_status", "expect_json", "timeout"]

    /// `check: {http: URL, method, headers, expect_status, expect_json, timeout}` or `check: {run: [...], timeout}`.
    func decodeCheckGate(_ node: Node, phase: String) -> CheckGate? {
        let what = "the check gate of \(phase)"
        guard let fields = fields(node, what, allowed: Self.checkKeys) else { return nil }
        switch (fields["http"], fields["run"]) {
        case (nil, nil):
            error("\(what) needs 'http: URL' or 'run: [program, arg, ...]'", at: node)
            return nil
        case (.some, .some):
            error("\(what) has both 'http' and 'run'; write each as its own gate", at: fields.keyNode("run") ?? node)
            return nil
        case let (.some(url), nil):
            return decodeHTTPCheck(url, fields, what)
        case let (nil, .some(command)):
            for key in ["method", "headers", "expect_status", "expect_json"] {
                if let keyNode = fields.keyNode(key) { error("'\(key)' of \(what) applies to 'http' checks only", at: keyNode) }
            }
            guard let timeout = checkTimeout(fields, what, default: CheckGate.defaultRunTimeout),
                  let parts = runCommand(command, what) else { return nil }
            if ["method", "headers", "expect_status", "expect_json"].contains(where: fields.has) { return nil }
            return CheckGate(probe: .run(parts), timeout: timeout)
        }
    }

    private func decodeHTTPCheck(_ urlNode: Node, _ fields: Fields, _ what: String) -> CheckGate? {
        var ok = true
        let url = httpURL(urlNode, "'http' of \(what)")
        if url != nil { checkTemplates(in: urlNode, "'http' of \(what)", names: PlanTemplates.checkNames) } else { ok = false }
        var method = "GET"
        if let node = fields["method"] {
            if let text = string(node, "'method' of \(what)"), HTTPProbe.methods.contains(text.uppercased()) {
                method = text.uppercased()
            } else {
                error("'method' of \(what) must be one of \(HTTPProbe.methods.joined(separator: ", ")) (a check asks, it sends no body)", at: node)
                ok = false
            }
        }
        var headers: [WebhookStep.Header] = []
        if let node = fields["headers"] {
            if case let .mapping(mapping) = node {
                for (name, value) in mapping {
                    if let name = string(name, "a header name in \(what)"), let value = string(value, "header '\(name)' in \(what)") {
                        headers.append(.init(name: name, value: value))
                    } else { ok = false }
                }
                checkTemplates(in: node, "'headers' of \(what)", names: PlanTemplates.checkNames)
            } else {
                error("'headers' of \(what) must be a mapping of header name → value; found \(kind(of: node))", at: node)
                ok = false
            }
        }
        var status = 200
        if let node = fields["expect_status"] {
            if let value = int(node, "'expect_status' of \(what)") {
                if (100...599).contains(value) { status = value } else {
                    error("'expect_status' of \(what) must be an HTTP status between 100 and 599; found \(value)", at: node)
                    ok = false
                }
            } else { ok = false }
        }
        var expectations: [JSONExpectation] = []
        if let node = fields["expect_json"] {
            if case let .mapping(mapping) = node, !mapping.isEmpty {
                for (key, value) in mapping {
                    guard let path = string(key, "a path in 'expect_json' of \(what)") else { ok = false; continue }
                    if path.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
                        error("path '\(path)' in 'expect_json' of \(what) has an empty part; write keys separated by single dots, e.g. 'summary.missing'", at: key)
                        ok = false
                    }
                    expectations.append(JSONExpectation(path: path, value: jsonValue(value)))
                }
            } else {
                error("'expect_json' of \(what) must be a mapping of JSON path → expected value, e.g. { missing: 0 }; found \(kind(of: node))", at: node)
                ok = false
            }
        }
        let timeout = checkTimeout(fields, what, default: CheckGate.defaultHTTPTimeout)
        guard ok, let url, let timeout else { return nil }
        return CheckGate(probe: .http(HTTPProbe(url: url, method: method, headers: headers, expectStatus: status, expectJSON: expectations)),
                         timeout: timeout)
    }

    private func checkTimeout(_ fields: Fields, _ what: String, default value: PlaybookDuration) -> PlaybookDuration? {
        guard let node = fields["timeout"] else { return value }
        guard let timeout = duration(node, "'timeout' of \(what)", positive: true) else { return nil }
        guard timeout <= CheckGate.longestTimeout else {
            error("'timeout' of \(what) is \(timeout); a check may take at most \(CheckGate.longestTimeout) (gates are evaluated while a person waits)", at: node)
            return nil
        }
        return timeout
    }

    private func runCommand(_ node: Node, _ what: String) -> [String]? {
        guard case .sequence = node else {
            error("'run' of \(what) must be a list [program, arg, ...] (no shell is used); found \(kind(of: node))", at: node)
            return nil
        }
        guard let parts = strings(node, "'run' of \(what)", single: false) else { return nil }
        if parts.isEmpty {
            error("'run' of \(what) is empty; give at least the program", at: node)
            return nil
        }
        checkTemplates(in: node, "'run' of \(what)", names: PlanTemplates.checkNames)
        return parts.map(\.0)
    }
}
