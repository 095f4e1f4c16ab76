import Crypto

/// SHA-256 fed through a 64 KiB buffer written in place: a seal hashes millions of small fields, and a call into
/// SHA-256 (or an array append) per field would cost more than the hashing.
struct SealHasher {
    private var sha = SHA256()
    private var buffer = [UInt8](repeating: 0, count: Self.capacity)
    private var used = 0
    private static let capacity = 1 << 16

    @inline(__always) mutating func add(_ v: Int64) {
        if used + 8 > Self.capacity { flush() }
        let at = used
        buffer.withUnsafeMutableBytes { $0.storeBytes(of: v.littleEndian, toByteOffset: at, as: Int64.self) }
        used += 8
    }

    @inline(__always) mutating func add(_ v: Double) { add(Int64(bitPattern: v.bitPattern)) }

    /// The length (8 bytes) and then the bytes.
    mutating func add(bytes: UnsafeRawBufferPointer) {
        add(Int64(bytes.count))
        guard bytes.count > 0 else { return }
        if bytes.count >= 1 << 12 {
            flush()
            sha.update(bufferPointer: bytes)
            return
        }
        if used + bytes.count > Self.capacity { flush() }
        let at = used
        buffer.withUnsafeMutableBytes { UnsafeMutableRawBufferPointer(rebasing: $0[at..<at + bytes.count]).copyMemory(from: bytes) }
        used += bytes.count
    }

    private mutating func flush() {
        let n = used
        buffer.withUnsafeBytes { sha.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        used = 0
    }

    mutating func finish() -> [UInt8] {
        flush()
        return Array(sha.finalize())
    }
}
