import Foundation

/// What the long-running service needs of a store beyond the journal: its tokens (projected from the journal),
/// the evaluator's lease, and the alert states it last sent. A store that lacks it serves the command line only.
public protocol ServiceStoring: Sendable {
    /// The token whose secret hashes to `hash`, revoked or expired ones included; nil when none.
    func token(hash: String) throws -> TokenRecord?
    /// Every token, oldest first.
    func tokens() throws -> [TokenRecord]
    /// Takes or renews lease `name` for `holder` until `now + ttl`, in one transaction: granted when the lease is
    /// free, expired, or already `holder`'s. False when another holder's lease has not expired.
    func acquireLease(_ name: String, holder: String, now: Date, ttl: TimeInterval) throws -> Bool
    /// Gives the lease up when `holder` has it (a server that stops lets the other take over at once).
    func releaseLease(_ name: String, holder: String) throws
    /// Sets alert state `key` to `state` and returns what it was (nil: never set), in one transaction, so two
    /// servers never both see the same change.
    func swapAlertState(_ key: String, to state: String, at: Date) throws -> String?
}
