extension OCPPMessage {
    /// The same frame with another message id, every other byte unchanged.
    ///
    /// Used when one charger connection serves two backends (OCPP 2.0.1 Part 4 §6.4): a CALL from the
    /// backend of a kept transaction gets an id of the proxy's, and the charger's answer gets the backend's back.
    public func replacingID(with newID: String) -> OCPPMessage {
        let utf8 = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + newID.utf8.count)
        bytes.append(contentsOf: utf8[..<idRange.lowerBound])
        JSONQuoting.append(newID, to: &bytes)
        let newIDEnd = bytes.count
        bytes.append(contentsOf: utf8[idRange.upperBound...])
        let shift = newIDEnd - idRange.upperBound
        return OCPPMessage(kind: kind, id: newID, action: action, text: String(decoding: bytes, as: UTF8.self),
                           idRange: idRange.lowerBound..<newIDEnd,
                           payloadRange: (payloadRange.lowerBound + shift)..<(payloadRange.upperBound + shift),
                           hasLineBreak: hasLineBreak)
    }

    /// The frame on one line, for the frame log: the text itself, or, when it holds line breaks (JSON
    /// whitespace between tokens; a valid frame has none inside its strings), the text without the
    /// whitespace between tokens.
    var singleLineBytes: [UInt8] {
        let utf8 = Array(text.utf8)
        guard hasLineBreak else { return utf8 }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var inString = false, escaped = false
        for b in utf8 {
            if inString {
                out.append(b)
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            case UInt8(ascii: "\""): inString = true; out.append(b)
            default: out.append(b)
            }
        }
        return out
    }
}
