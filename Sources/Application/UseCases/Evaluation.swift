import Engine
import Playbook

/// How one cohort fared in a pass of automation.
public struct EvaluationResult: Sendable {
    public var cohort: String
    /// What the pass did, when the cohort could be evaluated.
    public var transition: TransitionResult?
    /// Why it could not be evaluated (a store or Prometheus failure, a bad playbook), or the plan step that failed.
    public var error: (any Error)?

    public init(cohort: String, transition: TransitionResult?, error: (any Error)?) {
        self.cohort = cohort
        self.transition = transition
        self.error = error
    }
}

extension MigrationService {
    /// One pass of automation over `cohorts` (default: every active cohort). Every cohort is evaluated even
    /// when one of them fails; each result says what happened to it.
    public func evaluate(cohorts names: [String]?, as invocation: Invocation) async throws -> [EvaluationResult] {
        let names = try names ?? store.cohorts().filter { $0.status == .active }.map(\.name)
        var results: [EvaluationResult] = []
        for name in names {
            do {
                let t = try await evaluate(name, as: invocation)
                results.append(EvaluationResult(cohort: name, transition: t, error: t.planFailure))
            } catch {
                results.append(EvaluationResult(cohort: name, transition: nil, error: error))
            }
        }
        return results
    }
}
