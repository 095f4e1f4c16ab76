import Foundation
import Gates
import Playbook

let t0 = Date(timeIntervalSince1970: 1_793_610_000) // 2026-11-02T09:00:00Z, a Monday

func inputs(phase: Phase, now: Date = t0.addingTimeInterval(86_400), chargers: [GroupCharger] = [],
            issues: [IssueRecord] = [], approvals: [ApprovalRecord] = [], cohorts: [String: CohortMilestone] = [:],
            metrics: [Int: MetricEvidence] = [:]) -> GateInputs {
    GateInputs(now: now, cohort: "north", phase: phase, enteredAt: t0, to: "target", chargers: chargers,
               issues: issues, approvals: approvals, cohorts: cohorts, metrics: metrics)
}

func phase(_ gates: GateKind...) -> Phase {
    Phase(name: "pilot", gates: gates.map { Gate($0) })
}

func issue(_ id: String, _ severity: Severity, _ scope: IssueScope? = nil, cohort: String? = nil, closed: Bool = false) -> IssueRecord {
    IssueRecord(id: id, title: id, severity: severity, scope: scope, cohort: cohort, openedAt: t0, openedBy: "ops",
                closedAt: closed ? t0 : nil, closedBy: closed ? "ops" : nil)
}
