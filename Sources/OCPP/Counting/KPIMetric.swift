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

    /// Dense index (0..<count) in the table's order, for arrays of per-metric values.
    public var index: Int {
        switch self {
        case .connectionEstablished: 0
        case .connectionDropped: 1
        case .bootAccepted: 2
        case .bootRejected: 3
        case .sessionAttempted: 4
        case .sessionStarted: 5
        case .sessionStopped: 6
        case .sessionStoppedAbnormally: 7
        case .remoteRequested: 8
        case .remoteSucceeded: 9
        case .remoteResetRequested: 10
        case .remoteResetSucceeded: 11
        case .remoteUnlockRequested: 12
        case .remoteUnlockSucceeded: 13
        case .callError: 14
        case .statusFaulted: 15
        case .cdrChecked: 16
        case .cdrMismatched: 17
        case .energyWh: 18
        }
    }
    public static let count = allCases.count
    static let byIndex: [KPIMetric] = allCases
}
