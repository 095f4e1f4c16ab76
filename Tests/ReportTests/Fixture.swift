import Engine
import Foundation
import Gates
import Playbook
@testable import Report

/// A hand-built cohort: `north`, four chargers (models A and B, sites s1 and s2) in a fleet of five
/// (a model C at site s3 is in no cohort), two on target, in phase pilot of a two-phase playbook.
enum Fixture {
    static let day = 86_400.0
    static let t0 = Date(timeIntervalSince1970: 1_793_577_600) // 2026-11-02T00:00:00Z
    static func at(_ days: Double) -> Date { t0.addingTimeInterval(days * day) }

    static let pilotGates: [Gate] = [
        Gate(.metric(MetricGate(metric: "success", bound: .atLeast(0.97), window: PlaybookDuration(seconds: 7 * 86_400),
                                minSamples: 100, compareTo: "legacy", maxDrop: 0.02))),
        Gate(.issues(IssuesGate(severities: [.critical, .high], scope: .fleetWide, maxOpen: 0))),
    ]

    static let playbook = Playbook(
        name: "cutover", backends: [Backend(name: "legacy", url: "wss://legacy.example.net"), Backend(name: "target", url: "wss://new.example.net")],
        from: "legacy", to: "target",
        metrics: [MetricDefinition(name: "success", form: .ratio(numerator: "ok", denominator: "tried"))],
        phases: [Phase(name: "pilot", scope: .select(attributes: [AttributeSelector(attribute: "site", values: ["s1"])], share: nil),
                       soak: nil, gates: pilotGates),
                 Phase(name: "checkpoint", gates: [Gate(.approvals(ApprovalsGate(roles: ["finance"])))])],
        plans: Plans(pause: [Step(.webhook(WebhookStep(url: "https://hooks.example.net/pause?x=<b>")))],
                     rollback: [Step(.route(backend: "legacy")), Step(.manual("Call the <support> desk & check"))]))

    static let chargers = [
        Charger(id: "c1", attributes: ["model": "A", "site": "s1"]),
        Charger(id: "c2", attributes: ["model": "B", "site": "s1"]),
        Charger(id: "c3", attributes: ["model": "A", "site": "s2"]),
        Charger(id: "c4", attributes: ["model": "B", "site": "s2"]),
    ]
    static let fleet = chargers + [Charger(id: "c5", attributes: ["model": "C", "site": "s3"])]
    static let routes = ["c1": "target", "c2": "target", "c3": "legacy", "c4": "legacy"]

    static func snapshot(status: CohortStatus = .active, phaseIndex: Int = 0, playbook: Playbook = playbook) -> CohortSnapshot {
        CohortSnapshot(cohort: Cohort(name: "north", playbookName: playbook.name, playbookDigest: String(repeating: "ab", count: 32),
                                      phaseIndex: phaseIndex, state: state(status), enteredAt: at(0), createdAt: at(0), version: 4),
                       playbook: playbook, chargers: chargers, routes: routes)
    }

    /// The state of a cohort in `status` (rolling back: with a rollback plan under way).
    static func state(_ status: CohortStatus) -> CohortState {
        let rollback = PlanRun(id: "north/rollback/4", kind: .rollback, phase: "pilot", fromPhase: "pilot", reason: "", actor: "alice", steps: 1)
        return CohortState(status: status, plan: rollback)!
    }

    static func metric(_ verdict: Verdict, value: Double?, samples: Double = 500, detail: String = "success 0.98 >= 0.97") -> GateResult {
        GateResult(kind: "metric", name: "success", result: verdict, value: value, threshold: 0.97, samples: samples,
                   window: EvidenceWindow(start: at(7), end: at(14)), chargers: 2,
                   control: ControlEvidence(backend: "legacy", value: 0.975, samples: 900, chargers: 3, drop: 0, maxDrop: 0.02),
                   detail: detail)
    }

    static func issuesGate(_ verdict: Verdict = .pass) -> GateResult {
        GateResult(kind: "issues", name: "critical/high fleet-wide issues", result: verdict, value: 0, threshold: 0, source: [],
                   detail: "0 open critical/high fleet-wide issues (at most 0)")
    }

    static func report(_ gates: [GateResult], phase: String = "pilot", at day: Double = 14) -> GateReport {
        GateReport(cohort: "north", phase: phase, evaluatedAt: at(day), gates: gates)
    }

    static func entry(_ seq: Int64, _ day: Double, _ event: JournalEvent, actor: String = "alice", reason: String? = nil) -> JournalEntry {
        JournalEntry(seq: seq, at: at(day), cohort: "north", actor: actor, reason: reason, simulated: true, event: event)
    }

    static var created: JournalEntry {
        entry(1, 0, .created(.init(playbook: "cutover", digest: "ab", content: "", selector: "all", chargers: chargers.map(\.id), phase: "pilot")),
              reason: "start")
    }

    static var routedToTarget: JournalEntry {
        entry(2, 0, .routeChanged(.init(backend: "target", url: "wss://new.example.net", chargers: ["c1", "c2"])), reason: "start")
    }

    /// Daily ratio totals: `ok` of `tried` per day, from day 0 for `values.count` days.
    static func daily(_ values: [(ok: Double, tried: Double)]) -> [DailyTotals] {
        values.enumerated().map { i, v in
            DailyTotals(day: at(Double(i)), totals: SampleTotals(sums: ["ok": v.ok, "tried": v.tried], counts: ["ok": 1, "tried": 1]))
        }
    }

    static func input(status: CohortStatus = .active, gates: GateReport = report([metric(.pass, value: 0.98), issuesGate()]),
                      journal: [JournalEntry] = [created, routedToTarget], issues: [IssueRecord] = [],
                      series: [DailySeries]? = nil, verified: Bool = true) -> ReportInput {
        let defaultSeries = [DailySeries(gateIndex: 0, window: EvidenceWindow(start: at(0), end: at(3)), groupChargers: 2,
                                         group: daily([(98, 100), (95, 100), (99, 100)]), controlChargers: 3,
                                         control: daily([(97, 100), (97, 100), (98, 100)]))]
        return ReportInput(
            snapshot: snapshot(status: status), gates: gates, journal: journal, issues: issues, fleet: fleet,
            routes: routes.map { Route(charger: $0.key, cohort: "north", backend: $0.value, url: "", since: at(0), seq: 2) }
                .sorted { $0.charger < $1.charger },
            verification: verified ? JournalVerification(ok: true, entries: journal.count, lastHash: "00ff")
                                   : JournalVerification(ok: false, entries: journal.count, problem: "entry 2 was edited"),
            series: series ?? defaultSeries, now: at(14))
    }

    static func issue(_ id: String, _ severity: Severity, scope: IssueScope?, title: String = "a problem", owner: String? = "bob",
                      opened: Double = 4, closedBy: String? = nil) -> IssueRecord {
        IssueRecord(id: id, title: title, severity: severity, scope: scope, owner: owner, openedAt: at(opened), openedBy: "alice",
                    closedAt: closedBy == nil ? nil : at(10), closedBy: closedBy)
    }
}
