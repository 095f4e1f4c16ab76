/// The KPIs of OCPP.md, in the order of its table; `rawValue` is the metric name samples carry.
public enum KPIMetric: String, CaseIterable, Sendable, Codable {
    case connectionEstablished = "connection.established"
    case connectionDropped = "connection.dropped"
    case bootAccepted = "boot.accepted"
    case bootRejected = "boot.rejected"
    case sessionAttempted = "session.attempted"
    case sessionStarted = "session.started"
    case sessionStopped = "session.stopped"
    case sessionStoppedAbnormally = "session.stopped_abnormally"
    case remoteRequested = "remote.requested"
    case remoteSucceeded = "remote.succeeded"
    case remoteResetRequested = "remote.reset.requested"
    case remoteResetSucceeded = "remote.reset.succeeded"
    case remoteUnlockRequested = "remote.unlock.requested"
    case remoteUnlockSucceeded = "remote.unlock.succeeded"
    case callError = "call.error"
    case statusFaulted = "status.faulted"
    case cdrChecked = "cdr.checked"
    case cdrMismatched = "cdr.mismatched"
    case energyWh = "energy.wh"

    /// Dense index (0..<count), for arrays of per-metric values.
    public var index: Int { Self.indexes[self]! }
    private static let indexes: [KPIMetric: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
    public static let count = allCases.count
    static let byIndex: [KPIMetric] = allCases
}
