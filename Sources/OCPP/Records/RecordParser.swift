/// Reads one line of a frame log into a `FrameRecord`, or says exactly why the line is not a record.
///
/// The whole line is validated as JSON (UTF-8 included); the record's own keys are checked for type and
/// value; unknown keys are ignored (their values must still be JSON).
struct RecordParser {
    let text: JSONText

    init(_ bytes: UnsafeBufferPointer<UInt8>) { text = JSONText(bytes: bytes) }

    /// The problems a line can have, as the user reads them.
    struct Problem: Error { var message: String }

    func parse() throws(Problem) -> FrameRecord {
        var s = JSONScanner(text.bytes)
        s.skipSpace()
        guard s.i < text.bytes.count else { throw Problem(message: "an empty line is not a record") }
        guard text.bytes[s.i] == UInt8(ascii: "{") else {
            if text.bytes[s.i] == UInt8(ascii: "[") || text.bytes[s.i] == UInt8(ascii: "\"") {
                throw Problem(message: "a record is a JSON object; this line is another JSON value")
            }
            throw syntax(s.unexpected("at the start of the line"))
        }
        var time: JSONRef?, charger: JSONRef?, from: JSONRef?, frame: JSONRef?, event: JSONRef?
        var subprotocol: JSONRef?, initiator: JSONRef?
        var elements = FrameElements()
        var duplicate: String?
        do {
            _ = try s.object(depth: 0) { key, value throws(JSONSyntaxError) in
                func take(_ slot: inout JSONRef?, _ name: String) {
                    if slot != nil, duplicate == nil { duplicate = name }
                    slot = value
                }
                if text.equals(key, "time") { take(&time, "time") }
                else if text.equals(key, "charger") { take(&charger, "charger") }
                else if text.equals(key, "from") { take(&from, "from") }
                else if text.equals(key, "frame") { take(&frame, "frame") }
                else if text.equals(key, "event") { take(&event, "event") }
                else if text.equals(key, "subprotocol") { take(&subprotocol, "subprotocol") }
                else if text.equals(key, "initiator") { take(&initiator, "initiator") }
            }
            try s.expectEnd()
        } catch {
            throw syntax(error)
        }
        if let duplicate { throw Problem(message: "key `\(duplicate)` appears twice") }
        guard let time else { throw Problem(message: "the record has no `time`") }
        guard time.isString, let micros = Timestamp.parse(text.raw(time)), !time.escaped else {
            throw Problem(message: "`time` \(shown(time)) is not an ISO 8601 UTC time such as 2026-09-01T00:38:06.131Z")
        }
        guard let charger else { throw Problem(message: "the record has no `charger`") }
        guard charger.isString, charger.end > charger.start else { throw Problem(message: "`charger` must be a non-empty string, not \(shown(charger))") }
        switch (frame, event) {
        case (nil, nil): throw Problem(message: "the record has neither `frame` nor `event`")
        case (.some, .some): throw Problem(message: "the record has both `frame` and `event`; a record is one or the other")
        case (let frame?, nil):
            elements = try FrameElements.read(frame, text)
            return FrameRecord(time: micros, charger: charger, body: .frame(try elements.frame(from: from, text)))
        case (nil, let event?):
            if text.equals(event, "connected") {
                guard let subprotocol else { throw Problem(message: "a `connected` event needs its `subprotocol` (ocpp1.6 or ocpp2.0.1)") }
                if text.equals(subprotocol, "ocpp1.6") { return FrameRecord(time: micros, charger: charger, body: .connected(.v16)) }
                if text.equals(subprotocol, "ocpp2.0.1") { return FrameRecord(time: micros, charger: charger, body: .connected(.v201)) }
                throw Problem(message: "`subprotocol` \(shown(subprotocol)) is not one this reader knows (ocpp1.6, ocpp2.0.1)")
            }
            if text.equals(event, "disconnected") {
                guard let initiator else { throw Problem(message: "a `disconnected` event needs its `initiator` (charger, csms, network or router)") }
                let known: [(StaticString, Initiator)] = [("charger", .charger), ("csms", .csms), ("network", .network), ("router", .router)]
                for (name, value) in known where text.equals(initiator, name) {
                    return FrameRecord(time: micros, charger: charger, body: .disconnected(value))
                }
                throw Problem(message: "`initiator` \(shown(initiator)) is not charger, csms, network or router")
            }
            throw Problem(message: "`event` \(shown(event)) is not `connected` or `disconnected`")
        }
    }

    func syntax(_ e: JSONSyntaxError) -> Problem {
        Problem(message: "not JSON: \(e.message) at column \(e.offset + 1)")
    }

    /// A value as it appears in the line, shortened for a message.
    func shown(_ ref: JSONRef) -> String {
        let text = ref.isString ? "\"" + self.text.string(ref) + "\"" : String(decoding: self.text.raw(ref), as: UTF8.self)
        return text.count > 60 ? String(text.prefix(57)) + "…" : text
    }
}
