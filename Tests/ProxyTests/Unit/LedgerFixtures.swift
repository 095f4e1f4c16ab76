@testable import Proxy

/// Messages and backends for the ledger's scripted tests.
enum L {
    static let legacy = RouteTarget(backend: "legacy", url: "ws://legacy/ocpp")
    static let target = RouteTarget(backend: "target", url: "ws://target/ocpp")
    static let t0 = ContinuousClock.now

    static func call(_ id: String, _ action: String, _ payload: String = "{}") -> OCPPMessage {
        try! OCPPMessage.parse("[2,\"\(id)\",\"\(action)\",\(payload)]")
    }

    static func result(_ id: String, _ payload: String = "{}") -> OCPPMessage {
        try! OCPPMessage.parse("[3,\"\(id)\",\(payload)]")
    }

    static func error(_ id: String) -> OCPPMessage {
        try! OCPPMessage.parse("[4,\"\(id)\",\"InternalError\",\"\",{}]")
    }

    static let boot = #"{"chargePointModel":"GL-DUO","chargePointVendor":"Gridlane"}"#

    /// A ledger for a charger connected to `primary`, which last connected to `last` (nil: never seen).
    static func ledger(on primary: RouteTarget = legacy, last: String? = nil, memory: ChargerMemory = ChargerMemory(),
                       subprotocol: String = "ocpp1.6") -> RelayLedger {
        var m = memory
        m.lastBackend = last
        return RelayLedger(charger: "CP-01", primary: primary, subprotocol: subprotocol, memory: m)
    }
}
