import Playbook

extension GateEvaluator {
    /// Approvals by distinct people for at least `min` of the roles (default all).
    ///
    /// One person counts once, whatever roles they claim and however their name is spelt
    /// (`PersonName`): roles are matched to distinct people
    /// (a bipartite matching), so alice approving as both operations and finance covers one role.
    static func evaluateApprovals(_ gate: ApprovalsGate, inputs: GateInputs) -> GateResult {
        let relevant = inputs.approvals.filter { $0.cohort == inputs.cohort && $0.phase == inputs.phase.name && gate.roles.contains($0.role) }
        // People are matched by `PersonName.key`; each is shown as first typed.
        var rolesByActor: [String: Set<String>] = [:]
        var shownAs: [String: String] = [:]
        for a in relevant {
            let key = PersonName.key(a.actor)
            rolesByActor[key, default: []].insert(a.role)
            if shownAs[key] == nil { shownAs[key] = a.actor }
        }
        let matching = maximumMatching(roles: gate.roles, rolesByActor: rolesByActor)
        let covered = gate.roles.filter { matching[$0] != nil }
        let missing = gate.roles.filter { matching[$0] == nil }
        let required = gate.required
        let pass = covered.count >= required
        let who = covered.map { "\($0): \(shownAs[matching[$0]!] ?? matching[$0]!)" }
        var detail = "\(covered.count) of \(required) approvals by distinct people"
        if !who.isEmpty { detail += " (" + who.joined(separator: ", ") + ")" }
        if !pass && !missing.isEmpty { detail += "; waiting for " + missing.joined(separator: ", ") }
        return GateResult(kind: "approvals", name: gate.roles.joined(separator: ", "), result: pass ? .pass : .pending,
                          value: Double(covered.count), threshold: Double(required), source: who, detail: detail)
    }

    /// Role → actor, each actor used once, as many roles covered as possible (augmenting paths).
    static func maximumMatching(roles: [String], rolesByActor: [String: Set<String>]) -> [String: String] {
        var actorOfRole: [String: String] = [:]
        var roleOfActor: [String: String] = [:]
        let actors = rolesByActor.keys.sorted()

        func tryAssign(_ role: String, _ seen: inout Set<String>) -> Bool {
            for actor in actors where rolesByActor[actor]!.contains(role) && !seen.contains(actor) {
                seen.insert(actor)
                if let other = roleOfActor[actor] {
                    guard tryAssign(other, &seen) else { continue }
                }
                roleOfActor[actor] = role
                actorOfRole[role] = actor
                return true
            }
            return false
        }
        for role in roles {
            var seen: Set<String> = []
            _ = tryAssign(role, &seen)
        }
        return actorOfRole
    }
}
