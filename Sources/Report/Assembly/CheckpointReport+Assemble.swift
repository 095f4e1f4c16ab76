import Engine
import Foundation
import Gates
import Playbook

extension CheckpointReport {
    /// Assembles the report from what the store holds. Pure: no IO, no clock but `input.now`.
    public static func assemble(_ input: ReportInput) -> CheckpointReport {
        let snapshot = input.snapshot
        let cohort = snapshot.cohort
        let playbook = snapshot.playbook
        let machine = snapshot.machine
        let phase = machine.phase
        let index = playbook.phaseIndex(named: phase.name) ?? cohort.phaseIndex

        // Gates: each phase passed, then the current one now.
        let history = GateHistory.rows(input.journal, playbook: playbook)
        let criteria = Criterion.texts(for: input.gates.gates, phase: phase, playbook: playbook)
        let current = zip(input.gates.gates, criteria).map {
            GateRow(phase: input.gates.phase, seq: nil, evaluatedAt: input.gates.evaluatedAt, criterion: $1, evidence: $0)
        }

        // Issues that count for this cohort: those naming it or none.
        let relevant = input.issues.filter { $0.cohort == nil || $0.cohort == cohort.name }
        let open = relevant.filter(\.isOpen).map { IssueLine($0, now: input.now) }
            .sorted { ($0.severity, $0.id) < ($1.severity, $1.id) } // most severe first

        // Coverage.
        let tested = CoverageAssembly.tested(input.journal, to: playbook.to)
        let coverage = CoverageAssembly.tables(fleet: input.fleet, cohort: snapshot.chargers, routes: snapshot.routes, tested: tested,
                                               from: playbook.from, to: playbook.to)

        let plans = PlanAssembly.plans(playbook, phase: phase)
        let quarantined = SegmentAssembly.quarantined(input.journal)
        let held = SegmentAssembly.held(snapshot.segments)
        let fleetWide = open.filter { $0.scope == .fleetWide }
        let unclassified = open.filter { $0.scope == nil }
        let answers = Answers(
            criteria: CriteriaAnswer(phase: phase.name, total: input.gates.gates.count,
                                     passing: input.gates.gates.filter { $0.result == .pass }.map(\.name),
                                     failing: input.gates.gates.filter { $0.result == .fail }.map(\.name),
                                     pending: input.gates.gates.filter { $0.result == .pending }.map(\.name),
                                     passedPhases: history.phases),
            openIssues: open, pilotSpecific: open.filter { $0.scope == .pilotSpecific }, fleetWide: fleetWide,
            unclassified: unclassified,
            risks: RiskAssembly.risks(fleetWide: fleetWide, unclassified: unclassified, report: input.gates, coverage: coverage,
                                      plans: plans, to: playbook.to)
                + RiskAssembly.segmentRisks(quarantined: quarantined, held: held, from: playbook.from),
            plans: plans, rollbacks: PlanAssembly.rollbacks(input.journal), quarantined: quarantined, heldBack: held)

        var decision = Decision.make(cohort: cohort.name, status: cohort.status, report: input.gates,
                                     next: index + 1 < playbook.phases.count ? playbook.phases[index + 1].name : nil,
                                     phases: playbook.phases.count, completedAt: lastEntry(input.journal, .completed)?.at,
                                     halt: halt(cohort.status, input.journal), from: playbook.from)
        decision.sentence += ReportText.setAside(quarantined: quarantined, held: held, from: playbook.from)
        let charts = ChartAssembly.charts(phase: phase, playbook: playbook, series: input.series)
        let operating = OperatingAssembly.make(input.journal, issues: open, closed: relevant.filter { !$0.isOpen })

        return CheckpointReport(
            cohort: cohort.name, playbook: playbook.name, playbookDigest: cohort.playbookDigest, status: cohort.status.rawValue,
            phase: phase.name, phases: playbook.phases.map(\.name), from: playbook.from, to: playbook.to,
            chargers: snapshot.chargers.count, now: input.now, decision: decision, gates: history.rows + current,
            answers: answers, coverage: coverage, timeline: input.journal.map(TimelineText.row),
            verification: input.verification, operating: operating, charts: charts,
            noData: noData(charts: charts, passed: history.phases, issues: relevant, journal: input.journal, cohort: cohort.name))
    }

    static func lastEntry(_ journal: [JournalEntry], _ kind: EntryKind) -> JournalEntry? {
        journal.last { $0.kind == kind }
    }

    /// The entry that halted a paused or rolled-back cohort.
    static func halt(_ status: CohortStatus, _ journal: [JournalEntry]) -> (at: Date, reason: String?)? {
        let kind: EntryKind
        switch status {
        case .paused: kind = .paused
        case .rollingBack, .rolledBack: kind = .rollbackStarted
        case .active, .completed: return nil
        }
        guard let entry = lastEntry(journal, kind) else { return nil }
        var reason = entry.reason
        if reason == nil, case let .rollbackStarted(p) = entry.event { reason = p.plan.reason }
        if reason == nil, case let .paused(p) = entry.event { reason = p.plan.reason }
        return (entry.at, reason)
    }

    /// Says so plainly when there is no evidence of any kind yet.
    static func noData(charts: [MetricChart], passed: [PassedPhase], issues: [IssueRecord], journal: [JournalEntry], cohort: String) -> String? {
        let approvals = journal.contains { $0.kind == .approved }
        guard !charts.contains(where: \.hasData), passed.isEmpty, issues.isEmpty, !approvals else { return nil }
        return "There is no data for \(cohort) yet: no metric samples from its chargers, no phase passed, no issue filed, no approval given. Every answer below is \"nothing recorded\"; nothing here shows the platform works."
    }
}
