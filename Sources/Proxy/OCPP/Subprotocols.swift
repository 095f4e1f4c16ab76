/// OCPP-J subprotocol negotiation through the proxy (OCPP-J 1.6 §3.2, OCPP 2.0.1 Part 4 §3.2).
///
/// The charger's offer goes upstream unchanged; the backend chooses; the charger is answered with the
/// backend's choice. A server that agrees to none of the offered versions must complete the handshake
/// without a `Sec-WebSocket-Protocol` header and close at once — the proxy does exactly that for the
/// charger. A charger that offers none (some early 1.6 firmware) is relayed as the backend decides;
/// its frame log then names `assumed` (ocpp1.6 by default).
public enum Subprotocols {
    public static let known = ["ocpp1.6", "ocpp2.0.1"]

    /// The protocols in `Sec-WebSocket-Protocol` header values (comma-separated, in order, deduplicated).
    public static func offered(_ headerValues: [String]) -> [String] {
        var result: [String] = []
        for value in headerValues {
            for token in value.split(separator: ",") {
                let t = token.trimmed(of: " \t")
                if !t.isEmpty, !result.contains(t) { result.append(t) }
            }
        }
        return result
    }

    public enum Decision: Sendable, Equatable {
        /// Answer the charger with this protocol (nil: no header) and relay; the log names `logged`.
        case relay(answer: String?, logged: String)
        /// Complete the handshake without a protocol and close at once: no common version.
        case closeWithoutProtocol(reason: String)
        /// Refuse the upgrade: the backend chose a protocol the charger did not offer.
        case refuse(reason: String)
    }

    public static func decide(offered: [String], chosen: String?, assumed: String) -> Decision {
        switch (offered.isEmpty, chosen) {
        case (true, nil):
            return .relay(answer: nil, logged: assumed)
        case (true, let chosen?):
            return .refuse(reason: "the backend chose subprotocol \(chosen) although the charger offered none")
        case (false, nil):
            return .closeWithoutProtocol(reason: "the backend agreed to none of \(offered.joined(separator: ", "))")
        case (false, let chosen?):
            guard offered.contains(chosen) else {
                return .refuse(reason: "the backend chose subprotocol \(chosen), which the charger did not offer (\(offered.joined(separator: ", ")))")
            }
            return .relay(answer: chosen, logged: chosen)
        }
    }
}

extension StringProtocol {
    func trimmed(of set: String) -> String {
        let s = Substring(self)
        let chars = Set(set)
        guard let first = s.firstIndex(where: { !chars.contains($0) }) else { return "" }
        let last = s.lastIndex(where: { !chars.contains($0) })!
        return String(s[first...last])
    }
}
