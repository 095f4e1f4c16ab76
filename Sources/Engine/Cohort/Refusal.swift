import Gates

/// Why the state machine refused a command. Nothing changes but, for some, the journal entry that says so.
public enum Refusal: Sendable, Equatable, CustomStringConvertible {
    /// The phase's gates did not all pass (the verdict is fail or pending).
    case gatesNotPassed(Verdict)
    /// The command needs another status.
    case wrongStatus(CohortStatus, command: String, needs: [CohortStatus])
    /// The phase's `on_enter` plan has not finished.
    case planUnfinished(plan: String, step: Int, of: Int)
    /// `confirm` while no manual step waits.
    case nothingToConfirm
    /// A gate report for another phase than the cohort's.
    case staleReport(expected: String, got: String)
    /// The cohort cannot move to the new playbook.
    case upgradeImpossible(String)
    /// The phase does not ask for approvals in this role (or for none at all).
    case approvalNotAsked(phase: String, role: String, roles: [String])
    /// `advance --expect-phase`: the cohort is not in the phase the caller expected (someone else promoted it,
    /// or a script is retried).
    case notInExpectedPhase(expected: String, actual: String)

    public var description: String {
        switch self {
        case let .gatesNotPassed(v):
            v == .fail ? "gates failed" : "gates are pending: not enough evidence yet"
        case let .wrongStatus(status, command, needs):
            "cannot \(command) a cohort that is \(status.rawValue) (needs \(needs.map(\.rawValue).joined(separator: " or ")))"
        case let .planUnfinished(plan, step, of):
            "the \(plan) plan has not finished (step \(step + 1) of \(of))"
        case .nothingToConfirm:
            "no manual step is waiting for confirmation"
        case let .staleReport(expected, got):
            "the gate report is for phase \(got), but the cohort is in \(expected)"
        case let .upgradeImpossible(why):
            "cannot move the cohort to the new playbook: \(why)"
        case let .approvalNotAsked(phase, role, roles):
            roles.isEmpty ? "phase \(phase) asks for no approvals"
                : "phase \(phase) asks for approvals by \(roles.joined(separator: ", ")), not '\(role)'"
        case let .notInExpectedPhase(expected, actual):
            "the cohort is in phase \(actual), not \(expected) as expected"
        }
    }
}

/// What the state machine decided about a command.
public enum Decision: Sendable, Equatable {
    /// Refused; `record` is the journal entry that says so (a `blocked` entry with the evidence), if any.
    case refuse(Refusal, record: JournalEvent?)
    /// Accepted: append these entries in one transaction, then drive the cohort's plan if `runPlan`.
    case accept(record: [JournalEvent], runPlan: Bool)
}

/// A refusal thrown by a use case: nothing changed but, at most, the journal entry that says so (`entry`).
/// Carries the gate report the refusal was decided on, when gates were evaluated.
public struct RefusalError: KindedError, Equatable {
    public var refusal: Refusal
    public var report: GateReport?
    /// The `blocked` entry that records the refusal, when one was written.
    public var entry: Int64?

    public init(_ refusal: Refusal, report: GateReport? = nil, entry: Int64? = nil) {
        self.refusal = refusal
        self.report = report
        self.entry = entry
    }

    public var kind: ErrorKind { .refused }
    public var description: String { refusal.description + (entry.map { " (journal entry \($0))" } ?? "") }
}
