/// Who sent a frame.
public enum Side: UInt8, Sendable {
    case charger, csms

    var other: Side { self == .charger ? .csms : .charger }
}

/// The OCPP version a connection negotiated; `unknown` for frames seen with no `connected` before them.
public enum OCPPVersion: UInt8, Sendable {
    case v16, v201, unknown
}

/// Who ended a connection (OCPP.md: who sent the first close frame; `network` when nobody did; `router`
/// when a routing layer closed it on purpose).
public enum Initiator: UInt8, Sendable {
    case charger, csms, network, router
}

/// An OCPP-J message: `[2, id, action, payload]`, `[3, id, payload]` or `[4, id, code, description, details]`.
struct Frame {
    enum Kind: UInt8 { case call = 2, result = 3, error = 4 }

    var kind: Kind
    var from: Side
    var id: JSONRef
    /// The action of a CALL, the error code of a CALLERROR.
    var action: JSONRef?
    /// The payload of a CALL or CALLRESULT, the details of a CALLERROR.
    var payload: JSONRef
}

/// One line of a frame log, pointing into the line's bytes.
struct FrameRecord {
    enum Body {
        case frame(Frame)
        case connected(OCPPVersion)
        case disconnected(Initiator)
    }

    var time: Int64
    var charger: JSONRef
    var body: Body
}
