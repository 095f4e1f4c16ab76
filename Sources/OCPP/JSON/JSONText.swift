/// Reads values out of an already validated line: member lookup, string comparison and decoding, numbers.
///
/// Lookups rescan the object they search (payloads are small), skipping values without validating them
/// again; nothing is allocated unless a string with escapes has to be decoded.
struct JSONText {
    let bytes: UnsafeBufferPointer<UInt8>

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }

    /// The value of `key` in `object`, or nil when the object has no such member (or is not an object).
    func member(_ object: JSONRef, _ key: StaticString) -> JSONRef? {
        guard object.kind == .object else { return nil }
        var found: JSONRef?
        forEachMember(object) { k, v in
            if found == nil, equals(k, key) { found = v }
        }
        return found
    }

    /// The value at a path of keys, or nil when any step is missing.
    func member(_ object: JSONRef, _ first: StaticString, _ second: StaticString) -> JSONRef? {
        member(object, first).flatMap { member($0, second) }
    }

    /// Calls `body` with each key and value of a validated object.
    func forEachMember(_ object: JSONRef, _ body: (JSONRef, JSONRef) -> Void) {
        var s = JSONScanner(bytes)
        s.i = object.start
        // Validated input cannot fail; an impossible failure ends the walk quietly.
        _ = try? s.object(depth: 0) { k, v throws(JSONSyntaxError) in body(k, v) }
    }

    /// Calls `body` with each element of a validated array.
    func forEachElement(_ array: JSONRef, _ body: (JSONRef) -> Void) {
        guard array.kind == .array else { return }
        var s = JSONScanner(bytes)
        s.i = array.start
        _ = try? s.array(depth: 0) { v throws(JSONSyntaxError) in body(v) }
    }

    /// Whether string `ref` is exactly `text`.
    func equals(_ ref: JSONRef, _ text: StaticString) -> Bool {
        guard ref.kind == .string else { return false }
        if ref.escaped { return string(ref) == String(describing: text) }
        let n = text.utf8CodeUnitCount
        guard ref.end - ref.start == n else { return false }
        let t = text.utf8Start
        for k in 0..<n where bytes[ref.start + k] != t[k] { return false }
        return true
    }

    /// Whether string `ref` is one of `texts`.
    func isOne(_ ref: JSONRef?, of texts: [StaticString]) -> Bool {
        guard let ref else { return false }
        return texts.contains { equals(ref, $0) }
    }

    /// The bytes of an unescaped string, or of any non-string value as written.
    func raw(_ ref: JSONRef) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[ref.start..<ref.end])
    }

    /// The text of a string value, escapes decoded (a lone surrogate escape becomes U+FFFD).
    func string(_ ref: JSONRef) -> String {
        let raw = raw(ref)
        if !ref.escaped { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = 0
        var pendingHigh: UInt32?
        func appendScalar(_ v: UInt32) {
            let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        while k < raw.count {
            let b = raw[k]
            guard b == UInt8(ascii: "\\") else {
                if pendingHigh != nil { appendScalar(0xFFFD); pendingHigh = nil }
                out.append(b); k += 1; continue
            }
            let e = raw[k + 1]
            if e == UInt8(ascii: "u") {
                var v: UInt32 = 0
                for d in 2...5 { v = v << 4 | UInt32(Self.hexValue(raw[k + d]) ?? 0) }
                k += 6
                if (0xD800...0xDBFF).contains(v) {
                    if pendingHigh != nil { appendScalar(0xFFFD) }
                    pendingHigh = v
                } else if (0xDC00...0xDFFF).contains(v), let h = pendingHigh {
                    appendScalar(0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00))
                    pendingHigh = nil
                } else {
                    if pendingHigh != nil { appendScalar(0xFFFD); pendingHigh = nil }
                    appendScalar(v)
                }
                continue
            }
            if pendingHigh != nil { appendScalar(0xFFFD); pendingHigh = nil }
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            default: out.append(e)  // \" \\ \/
            }
            k += 2
        }
        if pendingHigh != nil { appendScalar(0xFFFD) }
        return String(decoding: out, as: UTF8.self)
    }

    /// An integer value (a JSON number without fraction or exponent that fits in Int64), else nil.
    func integer(_ ref: JSONRef?) -> Int64? {
        guard let ref, ref.kind == .number else { return nil }
        var k = ref.start
        let negative = bytes[k] == UInt8(ascii: "-")
        if negative { k += 1 }
        var v: Int64 = 0
        while k < ref.end {
            let b = bytes[k]
            guard b >= 0x30 && b <= 0x39 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(b - 0x30))
            if o1 || o2 { return nil }
            v = a
            k += 1
        }
        return negative ? -v : v
    }

    /// An exact decimal from a JSON number, or from a string holding a decimal number (OCPP 1.6 sends
    /// sampled values as strings). Nil for anything else.
    func decimal(_ ref: JSONRef?) -> ExactDecimal? {
        guard let ref else { return nil }
        switch ref.kind {
        case .number: return ExactDecimal(parsing: raw(ref))
        case .string where !ref.escaped: return ExactDecimal(parsing: raw(ref))
        default: return nil
        }
    }
}
