import Foundation
import Gates

/// One gate in the report's gate table: of the current phase (evaluated now) or of a phase passed
/// (the evidence recorded in the journal entry that left it).
public struct GateRow: Sendable, Equatable {
    public var phase: String
    /// The journal entry that recorded the evidence; nil for the current phase's evaluation.
    public var seq: Int64?
    public var evaluatedAt: Date
    /// The criterion as the playbook writes it, in words.
    public var criterion: String
    public var evidence: GateResult

    public init(phase: String, seq: Int64?, evaluatedAt: Date, criterion: String, evidence: GateResult) {
        self.phase = phase
        self.seq = seq
        self.evaluatedAt = evaluatedAt
        self.criterion = criterion
        self.evidence = evidence
    }
}

/// A phase the cohort left, with the entry that recorded it.
public struct PassedPhase: Sendable, Equatable {
    public var phase: String
    public var at: Date
    public var seq: Int64
    public var actor: String
    public var reason: String?
    public var gates: Int

    public init(phase: String, at: Date, seq: Int64, actor: String, reason: String?, gates: Int) {
        self.phase = phase
        self.at = at
        self.seq = seq
        self.actor = actor
        self.reason = reason
        self.gates = gates
    }
}
