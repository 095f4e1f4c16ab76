internal import Yams

extension PlaybookDecoder {
    static let phaseKeys = ["name", "scope", "soak", "gates", "on_fail", "promote", "on_enter"]

    func decodePhases(_ node: Node) -> [Phase]? {
        guard let items = items(node, "'phases'") else { return nil }
        if items.isEmpty {
            error("'phases' needs at least one phase", at: node)
            return nil
        }
        var phases: [Phase] = []
        var seen: [String: SourcePosition] = [:]
        var widening = ScopeWidening()
        var complete = true
        for (index, item) in items.enumerated() {
            guard let phase = decodePhase(item, index: index, widening: &widening) else {
                complete = false
                continue
            }
            if let first = seen[phase.name] {
                error("duplicate phase name '\(phase.name)' (first used at line \(first.line)); phase names must be unique", at: phase.namePosition ?? phase.position)
                complete = false
            } else {
                seen[phase.name] = phase.namePosition ?? phase.position
            }
            phases.append(phase.phase)
        }
        return complete ? phases : nil
    }

    private struct DecodedPhase {
        var phase: Phase
        var namePosition: SourcePosition?
        var name: String { phase.name }
        var position: SourcePosition { phase.position }
    }

    private func decodePhase(_ node: Node, index: Int, widening: inout ScopeWidening) -> DecodedPhase? {
        let label = "phase \(index + 1)"
        guard let fields = fields(node, label, allowed: Self.phaseKeys, required: ["name"]) else { return nil }
        let name = fields["name"].flatMap { string($0, "the name of \(label)") }
        let what = name.map { "phase '\($0)'" } ?? label
        var ok = name != nil

        var scope: Scope?
        if let scopeNode = fields["scope"] {
            if let decoded = decodeScope(scopeNode, phase: what) {
                scope = decoded.scope
                widening.check(decoded, phase: what, decoder: self)
                someScopeSoFar = true
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
        let phase = Phase(name: name, scope: scope, soak: soak, gates: gates, onFail: onFail, promote: promote,
                          onEnter: onEnter, position: fields.position)
        return DecodedPhase(phase: phase, namePosition: fields["name"].map(position(of:)))
    }
}
