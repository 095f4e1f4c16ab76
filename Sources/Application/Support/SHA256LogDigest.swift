import Crypto
import Foundation
import OCPP

/// SHA-256 of a frame log's complete lines: how `ocpp import` recognises a log it read before, grown.
struct SHA256LogDigest: PrefixDigest {
    private var hash = SHA256()

    mutating func update(_ bytes: UnsafeRawBufferPointer) { hash.update(bufferPointer: bytes) }

    func hexDigest() -> String { hash.finalize().map { String(format: "%02x", $0) }.joined() }
}
