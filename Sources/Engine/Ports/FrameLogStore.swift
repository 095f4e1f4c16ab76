import Foundation

/// Receives samples derived from an input (an OCPP frame log's KPIs) inside an import's transaction.
/// Memory stays flat: the store writes them in batches as they come.
public protocol DerivedSampleReceiver: AnyObject {
    /// A sample to store. `line`: the line of the input it was decided at, for messages.
    func add(time: Int64, charger: String, metric: String, value: Double, line: Int) throws
    /// A sample an earlier import of the same input stored with value `replacing`, now `value` (more events at
    /// the instant where the earlier read stopped). Times are microseconds since 1970 UTC.
    func replace(time: Int64, charger: String, metric: String, value: Double, replacing: Double) throws
}

/// Where frame logs' KPI samples are imported: like `SampleStore.importMetrics` (one transaction, one
/// `metrics-imported` journal entry, chargers not in the fleet refused or skipped), plus the position each
/// log was read up to, so that a grown log adds only what is new. A store that does not implement it cannot
/// import OCPP logs (the application says so).
public protocol FrameLogStore: Sendable {
    /// In one immediate transaction: finds the position the log whose first line has digest `head` was read
    /// up to (nil when never imported), calls `read` with it, which hands the new samples and changes to the
    /// receiver and returns the new position; then appends the journal entry recording it. Stores nothing
    /// when `read` throws, when a sample conflicts with a stored one, or when chargers are unknown and
    /// `skipUnknown` is off. When the position did not move, nothing changes (`alreadyImported`).
    func importFrameLog(source: String, head: String, actor: String, at: Date, simulated: Bool, skipUnknown: Bool,
                        read: (_ since: JournalEvent.FrameLogPosition?, _ receiver: any DerivedSampleReceiver) throws -> JournalEvent.FrameLogPosition)
        throws -> MetricsImportReport
}
