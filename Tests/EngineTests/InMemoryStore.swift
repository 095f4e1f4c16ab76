import Engine
import Foundation
import Gates
import Playbook

/// A journal store in memory: the journal is an array, the state its replay. Lets the runner be tested without SQLite.
final class InMemoryStore: JournalStore, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var journal: [JournalEntry] = []
    private(set) var state = FleetState()

    func snapshot(of cohort: String) throws -> CohortSnapshot {
        try lock.withLock {
            guard let c = state.cohorts[cohort] else { throw TestError("no cohort \(cohort)") }
            let playbook = PlaybookLoader.load(text: state.playbooks[c.playbookDigest]!, file: "mem").playbook!
            let ids = state.members[cohort] ?? []
            return CohortSnapshot(cohort: c, playbook: playbook, chargers: ids.map { state.chargers[$0]! },
                                  routes: Dictionary(uniqueKeysWithValues: ids.compactMap { id in state.routes[id].map { (id, $0.backend) } }))
        }
    }

    func issues() throws -> [IssueRecord] { lock.withLock { Array(state.issues.values) } }
    func approvals(of cohort: String) throws -> [ApprovalRecord] { lock.withLock { state.approvals[cohort] ?? [] } }
    func milestones() throws -> [String: CohortMilestone] { [:] }
    func chargerIDs(routedTo backend: String, includeUnrouted: Bool) throws -> [String] {
        lock.withLock { state.chargers.keys.filter { id in state.routes[id].map { $0.backend == backend } ?? includeUnrouted }.sorted() }
    }

    func append(_ entries: [NewEntry], if condition: AppendCondition) throws -> [JournalEntry] {
        try lock.withLock {
            switch condition {
            case .none: break
            case let .cohortVersion(cohort, version), let .cohortPosition(cohort, _, _, version):
                if state.cohorts[cohort]?.version != version {
                    throw CohortMovedError(cohort: cohort, by: "someone", kind: .advanced, seq: state.cohorts[cohort]?.version ?? 0, at: Date())
                }
            case let .journalHead(head):
                if state.lastSeq != head { throw JournalMovedError(expected: head, found: state.lastSeq) }
            }
            var next = state
            var appended: [JournalEntry] = []
            for e in entries {
                let entry = JournalEntry(seq: Int64(journal.count + appended.count + 1), at: e.at, cohort: e.cohort, actor: e.actor,
                                         reason: e.reason, simulated: e.simulated, event: e.event)
                try next.apply(entry)
                appended.append(entry)
            }
            state = next
            journal += appended
            return appended
        }
    }
}

struct TestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A performer that records what it was asked and answers from a script.
final class ScriptedPerformer: StepPerformer, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var calls: [(StepAction, String)] = []
    var failNext = 0

    func perform(_ step: StepAction, event: PlanEvent, stepIndex: Int) async -> StepOutcome {
        lock.withLock {
            calls.append((step, event.idempotencyKey(step: stepIndex)))
            if failNext > 0 {
                failNext -= 1
                return StepOutcome(succeeded: false, summary: "HTTP 500")
            }
            return StepOutcome(succeeded: true, summary: "HTTP 200")
        }
    }

    func describe(_ step: StepAction, event: PlanEvent, stepIndex: Int) -> String { "\(step.keyword)" }
}

let t0 = Date(timeIntervalSince1970: 1_793_610_000) // 2026-11-02T09:00:00Z, a Monday

/// A clock the test moves; waiting on it moves it to the time waited for, at once (a `wait` step without waiting).
final class TestClock: EngineClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private(set) var slept: [Date] = []
    init(_ start: Date) { current = start }
    func now() -> Date { lock.withLock { current } }
    func advance(days: Double) { lock.withLock { current = current.addingTimeInterval(days * 86_400) } }
    func sleep(until time: Date) async throws {
        lock.withLock {
            slept.append(time)
            current = max(current, time)
        }
    }
}

func fleet(_ n: Int, models: [String] = ["A", "B", "C"], sites: [String] = ["s1", "s2"]) -> [Charger] {
    (0..<n).map { Charger(id: String(format: "CP-%04d", $0), attributes: ["model": models[$0 % models.count], "site": sites[$0 % sites.count]]) }
}

/// Loads a playbook from YAML text, failing the test loudly when it does not validate.
func playbook(_ yaml: String) throws -> Playbook {
    let r = PlaybookLoader.load(text: yaml, file: "test.yaml")
    guard let p = r.playbook else { throw TestError(r.errors.map(\.description).joined(separator: "\n")) }
    return p
}

let simplePlaybook = """
playbook: simple
version: 1
backends:
  legacy: wss://legacy.example/ocpp
  target: wss://target.example/ocpp
from: legacy
to: target
phases:
  - name: pilot
    scope: { site: [s1] }
    soak: 2d
    gates:
      - issues: { severity: [critical, high], max_open: 0 }
    on_fail: pause
  - name: wave
    scope: { share: 50% }
    gates:
      - approvals: { roles: [operations, finance] }
    on_enter:
      - webhook: { url: "https://hooks.example/ops" }
  - name: fleet
    scope: all
    promote: auto
    gates:
      - issues: { severity: [critical], max_open: 0 }
    on_fail: rollback
plans:
  pause:
    - webhook: { url: "https://hooks.example/ops" }
  rollback:
    - route: legacy
    - webhook: { url: "https://hooks.example/ops" }
    - manual: Check the support console.
"""
