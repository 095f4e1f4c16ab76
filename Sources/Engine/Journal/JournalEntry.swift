import Foundation

/// An entry of the append-only journal.
public struct JournalEntry: Sendable, Equatable {
    /// Position in the journal, from 1, without gaps.
    public var seq: Int64
    public var at: Date
    public var cohort: String?
    public var actor: String
    public var reason: String?
    /// Decided on a clock given with `--now` (a replay, a demo, a test), not the system clock.
    public var simulated: Bool
    public var event: JournalEvent

    public init(seq: Int64, at: Date, cohort: String?, actor: String, reason: String?, simulated: Bool, event: JournalEvent) {
        self.seq = seq
        self.at = at
        self.cohort = cohort
        self.actor = actor
        self.reason = reason
        self.simulated = simulated
        self.event = event
    }

    public var kind: EntryKind { event.kind }
}

/// An entry about to be appended: everything but its place in the journal.
public struct NewEntry: Sendable, Equatable {
    public var at: Date
    public var cohort: String?
    public var actor: String
    public var reason: String?
    public var simulated: Bool
    public var event: JournalEvent

    public init(at: Date, cohort: String?, actor: String, reason: String?, simulated: Bool, event: JournalEvent) {
        self.at = at
        self.cohort = cohort
        self.actor = actor
        self.reason = reason
        self.simulated = simulated
        self.event = event
    }
}
