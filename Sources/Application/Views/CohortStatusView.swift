import Engine
import Playbook
import Foundation
import Gates

/// A cohort's status as scripts and the API read it (`migrate status --json`): the fields of CLI.md, plus gates
/// at a glance and the plan.
public struct CohortStatusView: Encodable, Sendable {
    public var cohort: String
    public var playbook: String
    public var playbookDigest: String
    public var phase: String
    public var phaseIndex: Int
    public var phases: Int
    public var status: String
    public var chargers: Int
    public var routes: [String: Int]
    public var enteredAt: Date
    public var gates: GatesAtAGlance?
    public var plan: PlanView?
    /// Quarantined segments: their chargers are back on `from`, out of every scope.
    public var quarantined: [QuarantineView]
    /// Chargers a preflight held back on `from`: unhealthy before the move, not evidence against the new platform.
    public var heldBack: [HeldView]

    public struct GatesAtAGlance: Encodable, Sendable {
        public var result: String
        public var pass: Int
        public var fail: Int
        public var pending: Int
        public var failing: [String]
        public var waitingOn: [String]
        enum CodingKeys: String, CodingKey { case result, pass, fail, pending, failing, waitingOn = "waiting_on" }
    }

    public struct PlanView: Encodable, Sendable {
        public var id: String
        public var kind: String
        public var steps: Int
        public var next: Int
        public var state: String
        public var step: String?
        public var failure: String?
        /// One line for a person ("rollback plan waiting-for-confirmation at step 3/3: ...").
        public var summary: String
        enum CodingKeys: String, CodingKey { case id, kind, steps, next, state, step, failure }
    }

    public init(_ s: CohortSnapshot, report: GateReport?) {
        cohort = s.cohort.name
        playbook = s.playbook.name
        playbookDigest = s.cohort.playbookDigest
        phase = s.machine.phase.name
        phaseIndex = s.cohort.phaseIndex
        phases = s.playbook.phases.count
        status = s.cohort.status.rawValue
        chargers = s.chargers.count
        var counts: [String: Int] = [:]
        for b in s.playbook.backends.map(\.name) { counts[b] = 0 }
        // The snapshot's routes are its chargers' (CohortSnapshot): count them, and the rest stay on `from`;
        // no lookup of each of 100,000 ids.
        for backend in s.routes.values { counts[backend, default: 0] += 1 }
        if s.chargers.count > s.routes.count { counts[s.playbook.from, default: 0] += s.chargers.count - s.routes.count }
        routes = counts
        enteredAt = s.cohort.enteredAt
        quarantined = s.segments.quarantines.map(QuarantineView.init)
        heldBack = s.segments.held.map(HeldView.init)
        gates = report.map { r in
            GatesAtAGlance(result: r.result.rawValue, pass: r.gates.filter { $0.result == .pass }.count,
                           fail: r.gates.filter { $0.result == .fail }.count, pending: r.gates.filter { $0.result == .pending }.count,
                           failing: r.gates.filter { $0.result == .fail }.map(\.detail), waitingOn: r.gates.filter { $0.result == .pending }.map(\.detail))
        }
        if let p = s.machine.planState {
            let run = p.run
            var summary = "\(run.kind.rawValue) plan \(p.state.rawValue)"
            if let step = p.step { summary += " at step \(run.next + 1)/\(run.steps): \(step)" }
            if let f = run.failure { summary += " — \(f)" }
            plan = PlanView(id: run.id, kind: run.kind.rawValue, steps: run.steps, next: run.next, state: p.state.rawValue,
                            step: p.step, failure: run.failure, summary: summary)
        }
    }

    enum CodingKeys: String, CodingKey {
        case cohort, playbook, phase, phases, status, chargers, routes, gates, plan, quarantined
        case playbookDigest = "playbook_digest", phaseIndex = "phase_index", enteredAt = "entered_at", heldBack = "held_back"
    }
}
