import Engine
import Foundation

extension MigrationService {
    /// Takes or renews the evaluator lease for `holder` (see `ServiceStoring.acquireLease`): true when this holder
    /// may run the automation pass now.
    public func takeEvaluatorLease(holder: String, now: Date, ttl: TimeInterval) throws -> Bool {
        try serviceStore.acquireLease("evaluator", holder: holder, now: now, ttl: ttl)
    }

    /// Gives the evaluator lease up (a stopping server lets another take over at once).
    public func releaseEvaluatorLease(holder: String) throws {
        try serviceStore.releaseLease("evaluator", holder: holder)
    }
}
