import Playbook

/// How a step that reaches outside (webhook, program) ended.
public struct StepOutcome: Sendable, Equatable, Codable {
    public var succeeded: Bool
    /// One line a person reads in `status` and `history`: "POST https://... → 200 after 2 attempts".
    public var summary: String
    /// Bounded output kept in the journal (response body, program output).
    public var output: String?
    public var attempts: Int

    public init(succeeded: Bool, summary: String, output: String? = nil, attempts: Int = 1) {
        self.succeeded = succeeded
        self.summary = summary
        self.output = output
        self.attempts = attempts
    }
}

/// Performs the plan steps that reach outside the store: `webhook` and `run`.
///
/// `route`, `manual` and `wait` are the engine's own. Implementations never throw: a failure is an outcome.
public protocol StepPerformer: Sendable {
    func perform(_ step: StepAction, event: PlanEvent, stepIndex: Int) async -> StepOutcome
    /// What the step would do, rendered (request line, headers, body; or the command line), for `--dry-run`.
    func describe(_ step: StepAction, event: PlanEvent, stepIndex: Int) -> String
}
