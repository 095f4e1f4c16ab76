import Crypto
import OCPP

/// SHA-256 of a log's complete lines, as `ocpp import` will recognise a grown log.
struct SHA256Digest: PrefixDigest {
    private var hash = SHA256()

    mutating func update(_ bytes: UnsafeRawBufferPointer) { hash.update(bufferPointer: bytes) }

    func hexDigest() -> String { hash.finalize().map { String(format: "%02x", $0) }.joined() }
}
