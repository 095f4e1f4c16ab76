import Crypto
import Foundation

/// Bearer token secrets: `mgt_` and 43 base64url characters of 32 random bytes; stored only as their SHA-256.
enum TokenSecret {
    static let prefix = "mgt_"

    /// A fresh secret and a public id (`tok-` and 8 hex digits) from the system's secure generator.
    static func make() -> (secret: String, id: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let secret = prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let id = "tok-" + (0..<4).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
        return (secret, id)
    }

    static func hash(_ secret: String) -> String { Digest.sha256(Array(secret.utf8)) }
}
