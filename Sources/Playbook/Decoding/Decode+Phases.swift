internal import Yams

extension PlaybookDecoder {
    static let phaseKeys = ["name", "scope", "soak", "gates", "on_fail", "promote", "on_enter"]

    func decodePhases(_ node: Node) -> [Phase]? {
        guard let items = items(node, "'phases'") else { return nil }
        if items.isEmpty {
            error("'phases' needs at least one phase", at: node)
            return nil
        }
        var complete = checkUniquePhaseNames(items)
        var phases: [Phase] = []
        var widening = ScopeWidening()
        for (index, item) in items.enumerated() {
            if let phase = decodePhase(item, index: index, widening: &widening) { phases.append(phase) } else { complete = false }
        }
        return complete ? phases : nil
    }

    /// The name a phase mapping gives itself, if it is readable: for messages and the duplicate check.
    private func writtenName(_ node: Node) -> (String, Node)? {
        guard case let .mapping(mapping) = node,
              let entry = mapping.first(where: { $0.key.scalar?.string == "name" }),
              case let .scalar(scalar) = entry.value, !isNull(entry.value) else { return nil }
        return (scalar.string, entry.value)
    }

    private func checkUniquePhaseNames(_ items: [Node]) -> Bool {
        var seen: [String: SourcePosition] = [:]
        var unique = true
        for item in items {
            guard let (name, node) = writtenName(item) else { continue }
            if let first = seen[name] {
                error("duplicate phase name '\(name)' (first used at line \(first.line)); phase names must be unique", at: node)
                unique = false
            } else {
                seen[name] = position(of: node)
            }
        }
        return unique
    }

    private func decodePhase(_ node: Node, index: Int, widening: inout ScopeWidening) -> Phase? {
        let label = writtenName(node).map { "phase '\($0.0)'" } ?? "phase \(index + 1)"
        guard let fields = fields(node, label, allowed: Self.phaseKeys, required: ["name"]) else { return nil }
        let name = fields["name"].flatMap { self.name($0, "the name of \(label)") }
        let what = label
        var ok = name != nil

        var scope: Scope?
        if let scopeNode = fields["scope"] {
            someScopeSoFar = true  // even a broken scope meant to route some: no second, misleading error
            if let decoded = decodeScope(scopeNode, phase: what) {
                scope = decoded.scope
                widening.check(decoded, phase: what, decoder: self)
            } else {
                ok = false
            }
        }
        let soak = fields["soak"].flatMap { duration($0, "'soak' of \(what)") }
        if fields.has("soak"), soak == nil { ok = false }

        var gates: [Gate] = []
        if let gatesNode = fields["gates"] {
            if let list = items(gatesNode, "'gates' of \(what)") {
                for gateNode in list {
                    if let gate = decodeGate(gateNode, phase: what) { gates.append(gate) } else { ok = false }
                }
            } else { ok = false }
        }
        var onFail = OnFail.hold
        if let node = fields["on_fail"] {
            if let text = choice(node, "'on_fail' of \(what)", OnFail.allCases.map(\.rawValue)), let value = OnFail(rawValue: text) { onFail = value } else { ok = false }
        }
        var promote = Promote.manual
        if let node = fields["promote"] {
            if let text = choice(node, "'promote' of \(what)", Promote.allCases.map(\.rawValue)), let value = Promote(rawValue: text) { promote = value } else { ok = false }
        }
        var onEnter: [Step] = []
        if let node = fields["on_enter"] {
            if let steps = decodeSteps(node, "'on_enter' of \(what)") { onEnter = steps } else { ok = false }
        }
        guard ok, let name else { return nil }
        return Phase(name: name, scope: scope, soak: soak, gates: gates, onFail: onFail, promote: promote,
                     onEnter: onEnter, position: fields.position)
    }
}
