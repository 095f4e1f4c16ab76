import Engine
import Playbook
import Foundation
import Gates

/// A gate report as scripts and the API read it (`migrate gates --json`):
/// `{"cohort", "phase", "result", "evaluated_at", "gates": [...]}`.
public struct GateReportView: Encodable, Sendable {
    public var cohort: String
    public var phase: String
    public var result: String
    public var evaluatedAt: Date
    public var gates: [GateResult]

    public init(_ r: GateReport) {
        cohort = r.cohort
        phase = r.phase
        result = r.result.rawValue
        evaluatedAt = r.evaluatedAt
        gates = r.gates
    }

    enum CodingKeys: String, CodingKey {
        case cohort, phase, result, gates
        case evaluatedAt = "evaluated_at"
    }
}
