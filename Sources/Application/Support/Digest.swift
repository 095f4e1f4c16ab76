import Crypto
import Foundation

/// SHA-256, hex: the digest a cohort keeps of its playbook text, and imports of their files.
enum Digest {
    static func sha256(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
