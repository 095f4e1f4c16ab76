/// What a CALL is, for the KPIs: the action, read for the connection's OCPP version and the sender's side.
/// A CALL that the KPIs do not look at (Heartbeat, DataTransfer, a CSMS sending BootNotification, an
/// action of the other OCPP version) is `other`: it still pairs with its answer.
enum Action: UInt8 {
    case boot, startTransaction, stopTransaction, meterValues, transactionEvent, statusNotification
    case reset, unlock, changeAvailability, remoteStart, remoteStop, triggerMessage
    case other

    private struct Entry {
        var name: StaticString
        var action: Action
        var v16: Bool
        var v201: Bool
        var from: Side
    }

    private static let table: [Entry] = [
        Entry(name: "BootNotification", action: .boot, v16: true, v201: true, from: .charger),
        Entry(name: "StartTransaction", action: .startTransaction, v16: true, v201: false, from: .charger),
        Entry(name: "StopTransaction", action: .stopTransaction, v16: true, v201: false, from: .charger),
        Entry(name: "MeterValues", action: .meterValues, v16: true, v201: false, from: .charger),
        Entry(name: "TransactionEvent", action: .transactionEvent, v16: false, v201: true, from: .charger),
        Entry(name: "StatusNotification", action: .statusNotification, v16: true, v201: true, from: .charger),
        Entry(name: "Reset", action: .reset, v16: true, v201: true, from: .csms),
        Entry(name: "UnlockConnector", action: .unlock, v16: true, v201: true, from: .csms),
        Entry(name: "ChangeAvailability", action: .changeAvailability, v16: true, v201: true, from: .csms),
        Entry(name: "RemoteStartTransaction", action: .remoteStart, v16: true, v201: false, from: .csms),
        Entry(name: "RequestStartTransaction", action: .remoteStart, v16: false, v201: true, from: .csms),
        Entry(name: "RemoteStopTransaction", action: .remoteStop, v16: true, v201: false, from: .csms),
        Entry(name: "RequestStopTransaction", action: .remoteStop, v16: false, v201: true, from: .csms),
        Entry(name: "TriggerMessage", action: .triggerMessage, v16: true, v201: true, from: .csms),
    ]

    /// The action of a CALL named `name` sent by `from` on a connection of `version`.
    static func classify(_ name: JSONRef, from: Side, version: OCPPVersion, _ text: JSONText) -> Action {
        for entry in table where text.equals(name, entry.name) {
            guard entry.from == from else { return .other }
            switch version {
            case .v16: return entry.v16 ? entry.action : .other
            case .v201: return entry.v201 ? entry.action : .other
            case .unknown: return entry.action
            }
        }
        return .other
    }

    /// A remote action (OCPP.md's `remote.requested` list).
    var isRemote: Bool {
        switch self {
        case .reset, .unlock, .changeAvailability, .remoteStart, .remoteStop, .triggerMessage: true
        default: false
        }
    }
}
