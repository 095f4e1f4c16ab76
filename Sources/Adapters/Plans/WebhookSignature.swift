import Crypto
import Foundation

/// The `X-Migrate-Signature` header: `sha256=` and the lowercase hex HMAC-SHA256 of the exact body bytes,
/// keyed with the UTF-8 bytes of the secret.
public enum WebhookSignature {
    public static let headerName = "X-Migrate-Signature"

    /// `sha256=<hex>` for `body` under `secret`.
    public static func value(body: Data, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return "sha256=" + mac.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// What a receiver does: recompute and compare in constant time.
    public static func verify(_ header: String, body: Data, secret: String) -> Bool {
        let expected = Array(value(body: body, secret: secret).utf8)
        let given = Array(header.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0
    }
}
