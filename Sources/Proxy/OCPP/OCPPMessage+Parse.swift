extension OCPPMessage {
    /// Parses and validates `text` as one OCPP-J frame (the whole text must be valid JSON).
    public static func parse(_ text: String) throws(FrameProblem) -> OCPPMessage {
        var bytes = text
        let result: Result<OCPPMessage, FrameProblem> = bytes.withUTF8 { buffer in
            do throws(FrameProblem) { return .success(try parse(buffer, text: text)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, text: String) throws(FrameProblem) -> OCPPMessage {
        var s = JSONScanner(bytes)
        do {
            guard s.take(UInt8(ascii: "[")) else { throw FrameProblem(reason: "an OCPP-J frame is a JSON array") }
            s.skipWhitespace()
            let type = try s.number()
            let kind: Kind
            switch type {
            case "2": kind = .call
            case "3": kind = .result
            case "4": kind = .error
            default: throw FrameProblem(reason: "message type \(type) is not 2 (CALL), 3 (CALLRESULT) or 4 (CALLERROR)")
            }
            try s.expect(UInt8(ascii: ","), "','")
            s.skipWhitespace()
            let idStart = s.index
            guard idStart < bytes.count, bytes[idStart] == UInt8(ascii: "\"") else { throw FrameProblem(reason: "the message id must be a string") }
            let id = try s.string()
            let idRange = idStart..<s.index
            var action: String?
            if kind != .result {
                try s.expect(UInt8(ascii: ","), "','")
                s.skipWhitespace()
                guard s.index < bytes.count, bytes[s.index] == UInt8(ascii: "\"") else {
                    throw FrameProblem(reason: kind == .call ? "the action must be a string" : "the error code must be a string")
                }
                action = try s.string()
            }
            if kind == .error {
                try s.expect(UInt8(ascii: ","), "','")
                s.skipWhitespace()
                guard s.index < bytes.count, bytes[s.index] == UInt8(ascii: "\"") else { throw FrameProblem(reason: "the error description must be a string") }
                try s.skipString()
            }
            try s.expect(UInt8(ascii: ","), "','")
            s.skipWhitespace()
            let payloadStart = s.index
            guard payloadStart < bytes.count, bytes[payloadStart] == UInt8(ascii: "{") else {
                throw FrameProblem(reason: kind == .error ? "the error details must be an object" : "the payload must be an object")
            }
            try s.skipValue()
            let payloadRange = payloadStart..<s.index
            try s.expect(UInt8(ascii: "]"), "']' (too many elements for this message type)")
            s.skipWhitespace()
            guard s.atEnd else { throw FrameProblem(reason: "text after the frame") }
            let hasLineBreak = bytes.contains(0x0A) || bytes.contains(0x0D)
            return OCPPMessage(kind: kind, id: id, action: action, text: text, idRange: idRange, payloadRange: payloadRange,
                               hasLineBreak: hasLineBreak)
        } catch let failure as JSONScanner.Failure {
            throw FrameProblem(reason: "not JSON: \(failure)")
        } catch let problem as FrameProblem {
            throw problem
        } catch {
            throw FrameProblem(reason: "\(error)")
        }
    }
}
