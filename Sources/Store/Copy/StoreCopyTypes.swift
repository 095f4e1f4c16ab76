import Foundation

/// A journal row exactly as stored, for copying a store to another backend: the hash chain is copied, never
/// recomputed, so the copy verifies only if every byte came across.
public struct JournalRow: Sendable, Equatable {
    public var seq: Int64
    public var at: String
    public var kind: String
    public var cohort: String?
    public var actor: String
    public var reason: String?
    public var simulated: Bool
    public var payload: String
    public var prevHash: String
    public var hash: String

    public init(seq: Int64, at: String, kind: String, cohort: String?, actor: String, reason: String?, simulated: Bool,
                payload: String, prevHash: String, hash: String) {
        self.seq = seq; self.at = at; self.kind = kind; self.cohort = cohort; self.actor = actor; self.reason = reason
        self.simulated = simulated; self.payload = payload; self.prevHash = prevHash; self.hash = hash
    }
}

/// A store's sample names by their small ids (the order of the ids is the order sums add chargers in).
public struct SampleNameTable: Sendable, Equatable {
    public var metrics: [(id: Int64, name: String)]
    public var chargers: [(id: Int64, name: String)]

    public init(metrics: [(id: Int64, name: String)], chargers: [(id: Int64, name: String)]) {
        self.metrics = metrics
        self.chargers = chargers
    }

    public static func == (a: SampleNameTable, b: SampleNameTable) -> Bool {
        a.metrics.elementsEqual(b.metrics, by: ==) && a.chargers.elementsEqual(b.chargers, by: ==)
    }
}

/// One metric's samples of one charger on one UTC day (days since 1970), sorted by time; ids of `SampleNameTable`.
public struct SampleGroup: Sendable {
    public var day: Int64
    public var metric: Int64
    public var charger: Int64
    public var samples: [(time: Int64, value: Double)]

    public init(day: Int64, metric: Int64, charger: Int64, samples: [(time: Int64, value: Double)]) {
        self.day = day; self.metric = metric; self.charger = charger; self.samples = samples
    }
}

/// A store that can be copied whole to another backend (`migrate store copy`).
public protocol CopyableStore: Sendable {
    /// Where it is, for messages.
    var location: String { get }
    func journalRows() throws -> [JournalRow]
    func sampleNames() throws -> SampleNameTable
    /// Every sample group, day by day.
    func forEachSampleGroup(_ body: (SampleGroup) throws -> Void) throws
    /// Writes `journal` (projections applied, rows as given), `names` and the samples `feed` sends into this
    /// store, which must be empty, in one transaction: all of it or nothing.
    func restore(journal: [JournalRow], names: SampleNameTable, samples feed: ((SampleGroup) throws -> Void) throws -> Void) throws
}
