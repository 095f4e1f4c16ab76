/// Where a frame log's bytes come from, a chunk at a time: a file, or bytes in memory.
public protocol ByteSource {
    /// Fills the start of `buffer` and returns how many bytes it wrote; 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(FrameLogError) -> Int
}

/// Bytes already in memory (tests, and logs cut at a given length).
public struct MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(FrameLogError) -> Int {
        let n = min(buffer.count, bytes.count - position)
        if n > 0 {
            bytes.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + position, byteCount: n)
            }
        }
        position += n
        return n
    }
}
