import Crypto
import Foundation
import Engine

/// The hash chain: each entry's hash is SHA-256 over its fields, length-prefixed, and the previous entry's hash.
package enum EntryHash {
    /// The hash before the first entry.
    package static let genesis = String(repeating: "0", count: 64)

    package static func hash(seq: Int64, at: String, kind: String, cohort: String?, actor: String, reason: String?,
                     simulated: Bool, payload: String, prev: String) -> String {
        var data = Data()
        for field in [String(seq), at, kind, cohort ?? "\u{0}", actor, reason ?? "\u{0}", simulated ? "1" : "0", payload, prev] {
            let bytes = Array(field.utf8)
            data.append(contentsOf: Array("\(bytes.count):".utf8))
            data.append(contentsOf: bytes)
        }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// SHA-256 of text, hex: the digest of a playbook or an imported file.
    static func digest(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}

extension MigrateStore {
    /// SHA-256 hex of `bytes`, as the store records file and playbook digests.
    public static func digest(_ bytes: some DataProtocol) -> String { EntryHash.digest(bytes) }
}
