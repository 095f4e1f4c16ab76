/// The charger's identity in a WebSocket path, and the path it gets on its backend.
///
/// Chargers connect to `PREFIX/{id}`; the id is the last path segment, percent-decoded (OCPP-J 1.6
/// §3.1.1 lets a 1.6 identity hold any character once encoded, e.g. `RDAM%20123`). The upstream URL is
/// the backend's URL + "/" + the id percent-encoded again (every byte outside RFC 3986's unreserved set).
public enum ChargerPath {
    /// The charger id in `uri` (path and optional query), or nil when the path is not `prefix/{one segment}`.
    public static func chargerID(in uri: String, prefix: String) -> String? {
        var path = Substring(uri)
        if let q = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<q] }
        let base = normalized(prefix)
        guard path.hasPrefix(base + "/") else { return nil }
        let segment = path.dropFirst(base.count + 1)
        guard !segment.isEmpty, !segment.contains("/") else { return nil }
        guard let id = percentDecoded(segment), !id.isEmpty,
              !id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        return id
    }

    /// `/ocpp`, `ocpp/` and `/ocpp/` all mean `/ocpp`; `/` and `` mean the root.
    public static func normalized(_ prefix: String) -> String {
        var p = prefix
        while p.hasSuffix("/") { p.removeLast() }
        if !p.isEmpty, !p.hasPrefix("/") { p = "/" + p }
        return p
    }

    /// The backend URL for `id`: `base` + "/" + the percent-encoded id (no doubled slash).
    public static func upstreamURL(base: String, chargerID id: String) -> String {
        var b = base
        while b.hasSuffix("/") { b.removeLast() }
        return b + "/" + percentEncoded(id)
    }

    public static func percentEncoded(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            default:
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-decoding; nil for a bad escape or bytes that are not UTF-8.
    public static func percentDecoded(_ s: Substring) -> String? {
        var out: [UInt8] = []
        var bytes = Array(s.utf8)[...]
        while let b = bytes.popFirst() {
            guard b == UInt8(ascii: "%") else { out.append(b); continue }
            guard bytes.count >= 2, let hi = hexValue(bytes.removeFirst()), let lo = hexValue(bytes.removeFirst()) else { return nil }
            out.append(hi << 4 | lo)
        }
        return String(validating: out, as: UTF8.self)
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
