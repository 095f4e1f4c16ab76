/// Who sent the first close frame of a charger connection (OCPP.md): `router` when the proxy closed it
/// on purpose (a switch, a shutdown), so that planned closes never count as drops.
public enum Initiator: String, Sendable, Equatable {
    case charger, csms, network, router
}

/// Which side a frame came from.
public enum Side: String, Sendable {
    case charger, csms
}

/// The bytes of one frame-log record after its `time` (which the recorder adds as it queues it, so
/// that times never go backwards): `"charger":...,...}` and a line feed.
struct RecordLine {
    var bytes: [UInt8] = []

    mutating func key(_ name: StaticString) {
        if !bytes.isEmpty { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func string(_ name: StaticString, _ value: String) {
        key(name)
        JSONQuoting.append(value, to: &bytes)
    }

    mutating func raw(_ name: StaticString, _ json: [UInt8]) {
        key(name)
        bytes.append(contentsOf: json)
    }

    mutating func int(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// The finished tail: members, `}` and the line feed.
    var tail: [UInt8] { bytes + [UInt8(ascii: "}"), 0x0A] }

    static func frame(charger: String, from: Side, backend: String?, message: OCPPMessage, replayed: Bool) -> RecordLine {
        var line = RecordLine()
        line.string("charger", charger)
        line.string("from", from.rawValue)
        if let backend { line.string("backend", backend) }
        if replayed { line.bool("replayed", true) }
        line.raw("frame", message.singleLineBytes)
        return line
    }

    static func connected(charger: String, subprotocol: String, backend: String) -> RecordLine {
        var line = RecordLine()
        line.string("charger", charger)
        line.string("event", "connected")
        line.string("subprotocol", subprotocol)
        line.string("backend", backend)
        return line
    }

    static func disconnected(charger: String, initiator: Initiator, backend: String, reason: String?) -> RecordLine {
        var line = RecordLine()
        line.string("charger", charger)
        line.string("event", "disconnected")
        line.string("initiator", initiator.rawValue)
        line.string("backend", backend)
        if let reason { line.string("reason", reason) }
        return line
    }
}
