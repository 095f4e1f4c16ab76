import Playbook

/// A charger of the fleet: its OCPP identity and its attributes (site, model, vendor, firmware, region, ...).
public struct Charger: Sendable, Equatable, Codable {
    public var id: String
    public var attributes: [String: String]

    public init(id: String, attributes: [String: String] = [:]) {
        self.id = id
        self.attributes = attributes
    }

    /// Why `id` cannot be an OCPP charge point identity, or nil when it can.
    ///
    /// OCPP-J puts the identity in the WebSocket URL's last path segment. OCPP 1.6J allows any character
    /// there once percent-encoded (`RDAM 123` connects as `/ocpp/RDAM%20123`), so any identity of at most
    /// 48 characters is accepted, except: control characters and bidirectional controls (`TextRules`: no URL,
    /// log line or terminal carries them faithfully),
    /// `/` (percent-encoded as `%2F` it is decoded, refused or split by servers and proxies, so the charger
    /// would not reach `/ocpp/{id}`), and `.` or `..` alone (URL normalisation removes such path segments).
    /// Identities that OCPP 2.0.1 would refuse are accepted with a warning (`warning(forID:)`).
    public static func problem(withID id: String) -> String? {
        if id.isEmpty { return "the charger id is empty" }
        if id.count > 48 { return "the charger id '\(TextRules.visible(String(id.prefix(60))))' has \(id.count) characters; OCPP allows at most 48" }
        if let bad = id.unicodeScalars.first(where: { TextRules.isForbidden($0) }) {
            return "the charger id '\(TextRules.visible(id))' contains the control character U+\(String(bad.value, radix: 16, uppercase: true)), which no OCPP identity may contain"
        }
        if id.contains("/") {
            return "the charger id '\(id)' contains '/', which would change the charger's URL path (/ocpp/{id}): servers and proxies decode, refuse or split %2F"
        }
        if id == "." || id == ".." {
            return "the charger id '\(id)' is a dot segment, which URL normalisation removes from the charger's path (/ocpp/{id})"
        }
        return nil
    }

    /// Why an identity that OCPP 1.6J accepts may still cause trouble, or nil: characters outside OCPP 2.0.1's
    /// identifierString set (a–z, A–Z, 0–9, `*-_=:+|@.`), which a 2.0.1 charger or CSMS would refuse; and `:`,
    /// which HTTP Basic authentication (security profiles 1 and 2, username = identity) cannot carry.
    public static func warning(forID id: String) -> String? {
        var notes: [String] = []
        let outside = id.unicodeScalars.filter { !identifierString.contains($0) }
        if !outside.isEmpty {
            var seen: [Unicode.Scalar] = []
            for s in outside where !seen.contains(s) { seen.append(s) }
            let shown = seen.prefix(5).map { $0 == " " ? "space" : $0.value < 0x80 ? "'\($0)'" : "U+\(String($0.value, radix: 16, uppercase: true)) '\($0)'" }
            notes.append("has \(shown.joined(separator: ", ")), outside OCPP 2.0.1's identifierString set (a 2.0.1 charger or CSMS would refuse it; 1.6J connects as /ocpp/\(percentEncoded(id)))")
        }
        if id.contains(":") {
            notes.append("has ':', which HTTP Basic authentication (OCPP security profiles 1 and 2, username = identity) cannot carry")
        }
        return notes.isEmpty ? nil : "the charger id '\(id)' " + notes.joined(separator: "; and ")
    }

    /// The identity as a URL path segment: everything but RFC 3986's unreserved characters percent-encoded.
    public static func percentEncoded(_ id: String) -> String {
        var out = ""
        for byte in id.utf8 {
            let c = Unicode.Scalar(byte)
            if (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "-" || c == "." || c == "_" || c == "~" {
                out.unicodeScalars.append(c)
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// OCPP 2.0.1's identifierString: "a-z, A-Z, 0-9, '*', '-', '_', '=', ':', '+', '|', '@', '.'".
    private static let identifierString: Set<Unicode.Scalar> = {
        var set = Set<Unicode.Scalar>("*-_=:+|@.".unicodeScalars)
        for range in [("a", "z"), ("A", "Z"), ("0", "9")] {
            for v in Unicode.Scalar(range.0)!.value...Unicode.Scalar(range.1)!.value { set.insert(Unicode.Scalar(v)!) }
        }
        return set
    }()
}
