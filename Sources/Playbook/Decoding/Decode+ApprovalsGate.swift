internal import Yams

extension PlaybookDecoder {
    func decodeApprovalsGate(_ node: Node, phase: String) -> ApprovalsGate? {
        let what = "the approvals gate of \(phase)"
        guard let fields = fields(node, what, allowed: ["roles", "min"], required: ["roles"]),
              let rolesNode = fields["roles"], let roles = strings(rolesNode, "'roles' of \(what)", names: true) else { return nil }
        var ok = true
        if roles.isEmpty { error("'roles' of \(what) lists no role", at: rolesNode); ok = false }
        var seen: Set<String> = []
        for (role, item) in roles where !seen.insert(role).inserted {
            error("role '\(role)' is listed twice in \(what)", at: item)
            ok = false
        }
        var min: Int?
        if let node = fields["min"] {
            min = int(node, "'min' of \(what)")
            if let value = min {
                if value < 1 {
                    error("'min' of \(what) must be at least 1; found \(value)", at: node); ok = false
                } else if value > roles.count {
                    error("'min: \(value)' of \(what) is more than the \(roles.count) role\(roles.count == 1 ? "" : "s") listed, so it could never pass", at: node); ok = false
                }
            } else { ok = false }
        }
        return ok ? ApprovalsGate(roles: roles.map(\.0), min: min) : nil
    }
}
