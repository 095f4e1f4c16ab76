/// The store failed while a plan was under way (a lost database connection while a step ran, say): where the plan
/// stands and that running the same command again carries it on. The kind is the store failure's.
public struct PlanInterruptedError: KindedError, Equatable {
    public var kind: ErrorKind
    public var cohort: String
    public var plan: PlanKind
    /// The step the plan stands at, 0-based: the next to finish.
    public var step: Int
    public var steps: Int
    /// The step ran (its program or webhook finished) but its end could not be recorded; it runs again.
    public var stepRan: Bool
    /// What failed, as the store said it.
    public var failure: String

    public init(kind: ErrorKind, cohort: String, plan: PlanKind, step: Int, steps: Int, stepRan: Bool, failure: String) {
        self.kind = kind
        self.cohort = cohort
        self.plan = plan
        self.step = step
        self.steps = steps
        self.stepRan = stepRan
        self.failure = failure
    }

    public var description: String {
        let name = plan == .enter ? "on_enter" : plan.rawValue
        let ran = stepRan ? " (the step ran, but its end could not be recorded, so it runs again)" : ""
        guard step < steps else {
            return "\(failure)\nthe \(name) plan of cohort \(cohort) ran all its \(steps) steps, but its end was not recorded; running the same command again finishes it"
        }
        return """
            \(failure)
            the \(name) plan of cohort \(cohort) stopped at step \(step + 1) of \(steps)\(ran); \
            running the same command again carries the plan on from step \(step + 1)
            """
    }
}
