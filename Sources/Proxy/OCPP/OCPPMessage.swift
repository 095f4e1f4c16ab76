/// One OCPP-J message as the proxy reads it: its type, message id and action, where its id and payload
/// lie in the text, and the text itself (relayed unchanged).
///
/// Only frames of the three OCPP-J shapes parse: `[2, id, action, {payload}]`, `[3, id, {payload}]`,
/// `[4, id, code, description, {details}]`. Anything else is relayed as it is but neither routed by
/// content nor recorded (see `FrameProblem`).
public struct OCPPMessage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case call, result, error }

    public var kind: Kind
    /// The message id, unescaped.
    public var id: String
    /// The action of a CALL, the error code of a CALLERROR; nil for a CALLRESULT.
    public var action: String?
    /// The message exactly as it crossed the wire.
    public var text: String
    /// Byte range of the message id's JSON string (quotes included) in `text`.
    var idRange: Range<Int>
    /// Byte range of the payload object (CALL, CALLRESULT) or details object (CALLERROR) in `text`.
    var payloadRange: Range<Int>
    /// Whether `text` holds a line break (JSON whitespace): the frame log then stores it compacted.
    var hasLineBreak: Bool

    /// The payload's (or error details') JSON text, exactly as sent.
    public var payloadText: String {
        String(decoding: Array(text.utf8)[payloadRange], as: UTF8.self)
    }

    /// The payload (CALL, CALLRESULT) or error details (CALLERROR), parsed on demand.
    public func payload() -> JSONValue {
        var bytes = self.text
        let range = payloadRange
        return bytes.withUTF8 { buffer in
            var scanner = JSONScanner(UnsafeBufferPointer(rebasing: buffer[range]))
            return (try? scanner.value()) ?? .object([:])
        }
    }
}

/// Why a WebSocket message is not an OCPP-J frame.
public struct FrameProblem: Error, Equatable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
