/// The elements of a `frame` array, checked against the three OCPP-J message shapes.
struct FrameElements {
    var refs: (JSONRef?, JSONRef?, JSONRef?, JSONRef?, JSONRef?) = (nil, nil, nil, nil, nil)
    var count = 0

    static func read(_ frame: JSONRef, _ text: JSONText) throws(RecordParser.Problem) -> FrameElements {
        guard frame.kind == .array else {
            throw RecordParser.Problem(message: "`frame` must be an OCPP-J message array, not \(RecordParser(text.bytes).shown(frame))")
        }
        var e = FrameElements()
        text.forEachElement(frame) { ref in
            switch e.count {
            case 0: e.refs.0 = ref
            case 1: e.refs.1 = ref
            case 2: e.refs.2 = ref
            case 3: e.refs.3 = ref
            case 4: e.refs.4 = ref
            default: break
            }
            e.count += 1
        }
        return e
    }

    func frame(from: JSONRef?, _ text: JSONText) throws(RecordParser.Problem) -> Frame {
        guard let from else { throw RecordParser.Problem(message: "a frame record needs `from` (charger or csms)") }
        let side: Side
        if text.equals(from, "charger") { side = .charger }
        else if text.equals(from, "csms") { side = .csms }
        else { throw RecordParser.Problem(message: "`from` \(RecordParser(text.bytes).shown(from)) is not charger or csms") }
        guard let first = refs.0 else { throw RecordParser.Problem(message: "`frame` is empty; an OCPP-J message starts with its message type (2, 3 or 4)") }
        guard let type = text.integer(first), let kind = Frame.Kind(rawValue: UInt8(clamping: max(0, min(type, 255)))), type >= 2, type <= 4 else {
            throw RecordParser.Problem(message: "unknown message type \(RecordParser(text.bytes).shown(first)) (OCPP-J has 2 CALL, 3 CALLRESULT, 4 CALLERROR)")
        }
        func shape(_ expected: String) -> RecordParser.Problem {
            RecordParser.Problem(message: "a \(expected) frame must be \(Self.shapes[kind]!); this one has \(count) element\(count == 1 ? "" : "s") or a wrong type")
        }
        switch kind {
        case .call:
            guard count == 4, let id = refs.1, id.isString, let action = refs.2, action.isString, let payload = refs.3, payload.kind == .object else { throw shape("CALL") }
            return Frame(kind: .call, from: side, id: id, action: action, payload: payload)
        case .result:
            guard count == 3, let id = refs.1, id.isString, let payload = refs.2, payload.kind == .object else { throw shape("CALLRESULT") }
            return Frame(kind: .result, from: side, id: id, action: nil, payload: payload)
        case .error:
            guard count == 5, let id = refs.1, id.isString, let code = refs.2, code.isString, let description = refs.3, description.isString,
                  let details = refs.4, details.kind == .object else { throw shape("CALLERROR") }
            return Frame(kind: .error, from: side, id: id, action: code, payload: details)
        }
    }

    static let shapes: [Frame.Kind: String] = [
        .call: "[2, \"id\", \"Action\", {payload}]",
        .result: "[3, \"id\", {payload}]",
        .error: "[4, \"id\", \"ErrorCode\", \"description\", {details}]",
    ]
}
