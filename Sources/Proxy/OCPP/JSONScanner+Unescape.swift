extension JSONScanner {
    /// Resolves the escapes of an already validated string body.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        var pendingHigh: UInt32?
        func hex(_ at: Int) -> UInt32 {
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = raw[at + k]
                let d: UInt32 = c <= 0x39 ? UInt32(c - 0x30) : (c | 0x20) <= 0x66 ? UInt32((c | 0x20) - 0x61 + 10) : 0
                v = v << 4 | d
            }
            return v
        }
        func append(_ scalar: UInt32) {
            let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(s)).utf8))
        }
        while i < raw.count {
            let b = raw[i]
            guard b == UInt8(ascii: "\\") else {
                if let high = pendingHigh { append(high); pendingHigh = nil }
                out.append(b); i += 1; continue
            }
            let e = raw[i + 1]
            if e != UInt8(ascii: "u"), let high = pendingHigh { append(high); pendingHigh = nil }
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let v = hex(i + 2)
                if (0xD800...0xDBFF).contains(v) {
                    if let high = pendingHigh { append(high) }
                    pendingHigh = v
                } else if (0xDC00...0xDFFF).contains(v), let high = pendingHigh {
                    append(0x10000 + ((high - 0xD800) << 10) + (v - 0xDC00)); pendingHigh = nil
                } else {
                    if let high = pendingHigh { append(high); pendingHigh = nil }
                    append(v)
                }
                i += 6; continue
            default: out.append(e)
            }
            i += 2
        }
        if let high = pendingHigh { append(high) }
        return String(decoding: out, as: UTF8.self)
    }
}
