/// A phase of the playbook: where a cohort is, which chargers are on `to`, and what must pass to leave.
public struct Phase: Sendable, Equatable {
    public var name: String
    /// nil: the same chargers as the phase before (the first phase then routes none).
    public var scope: Scope?
    /// Least time in the phase before it may be left.
    public var soak: PlaybookDuration?
    public var gates: [Gate]
    public var onFail: OnFail
    public var promote: Promote
    public var onEnter: [Step]
    /// Checked per charger before a scope routes it to `to`; nil: no check.
    public var preflight: Preflight?
    public var position: SourcePosition

    public init(
        name: String, scope: Scope? = nil, soak: PlaybookDuration? = nil, gates: [Gate] = [],
        onFail: OnFail = .hold, promote: Promote = .manual, onEnter: [Step] = [],
        preflight: Preflight? = nil, position: SourcePosition = .unknown
    ) {
        self.name = name
        self.scope = scope
        self.soak = soak
        self.gates = gates
        self.onFail = onFail
        self.promote = promote
        self.onEnter = onEnter
        self.preflight = preflight
        self.position = position
    }
}

/// What an evaluation does when a gate fails.
public enum OnFail: String, Sendable, Equatable, CaseIterable {
    case hold, pause, rollback
}

/// Whether an evaluation advances the cohort once every gate passes.
public enum Promote: String, Sendable, Equatable, CaseIterable {
    case manual, auto
}

/// Which of the cohort's chargers are routed to `to` while in a phase.
public enum Scope: Sendable, Equatable {
    /// Every charger of the cohort.
    case all
    /// Chargers whose attributes match every selector (attribute → allowed values),
    /// and of those, if `share` is set, that share (stratified by model, stable hash order).
    case select(attributes: [AttributeSelector], share: Percentage?)

    public var share: Percentage? {
        if case let .select(_, share) = self { return share }
        return nil
    }
}

/// One attribute of a scope: the charger's value must be one of `values`.
public struct AttributeSelector: Sendable, Equatable {
    public var attribute: String
    public var values: [String]

    public init(attribute: String, values: [String]) {
        self.attribute = attribute
        self.values = values
    }
}
