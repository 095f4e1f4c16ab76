import Playbook

/// A charger of the fleet: its OCPP identity and its attributes (site, model, vendor, firmware, region, ...).
public struct Charger: Sendable, Equatable, Codable {
    public var id: String
    public var attributes: [String: String]

    public init(id: String, attributes: [String: String] = [:]) {
        self.id = id
        self.attributes = attributes
    }

    /// Why `id` is not a valid OCPP charge point identity, or nil when it is.
    ///
    /// OCPP-J puts the identity in the WebSocket URL's last path segment: at most 48 characters,
    /// no `:` (it would break Basic authentication), no `/`, whitespace or control characters.
    public static func problem(withID id: String) -> String? {
        if id.isEmpty { return "the charger id is empty" }
        if id.count > 48 { return "the charger id '\(TextRules.visible(String(id.prefix(60))))…' has \(id.count) characters; OCPP allows at most 48" }
        if let bad = id.unicodeScalars.first(where: { $0 == ":" || $0 == "/" || $0.properties.isWhitespace || TextRules.isForbidden($0) }) {
            let shown = bad == ":" || bad == "/" ? "'\(bad)'" : TextRules.describe(bad)
            return "the charger id '\(TextRules.visible(id))' contains \(shown), which an OCPP identity may not contain"
        }
        return nil
    }
}
