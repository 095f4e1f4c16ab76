#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte source into lines without copying the file: one buffer of `chunkSize + maxLineBytes`,
/// reused; a line is handed out as a pointer into it, valid until the next call.
///
/// A line longer than `maxLineBytes` is an error found before more than that is buffered. Bytes after the
/// last newline are a truncated line (a log still being written): they are not handed out; `truncatedTail`
/// says how many there were.
public struct LineReader<Source: ByteSource>: ~Copyable {
    /// One line: its bytes (without the newline), its 1-based number, and the byte offset just after its newline.
    public struct Line {
        public var bytes: UnsafeBufferPointer<UInt8>
        public var number: Int
        public var endOffset: Int64
    }

    public static var defaultMaxLineBytes: Int { 1 << 20 }

    public let maxLineBytes: Int
    private var source: Source
    private let buffer: UnsafeMutableRawBufferPointer
    private var start = 0, end = 0, scanned = 0
    private var atEnd = false
    private var consumedBefore: Int64 = 0
    public private(set) var lineNumber = 0
    /// Bytes after the last newline, once the end is reached (0 when the log ends with a newline).
    public private(set) var truncatedTail = 0

    public init(_ source: consuming Source, maxLineBytes: Int = LineReader.defaultMaxLineBytes, chunkSize: Int = 1 << 20) {
        self.source = source
        self.maxLineBytes = maxLineBytes
        buffer = .allocate(byteCount: maxLineBytes + chunkSize, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// The byte offset just after the last line handed out.
    public var offset: Int64 { consumedBefore + Int64(start) }

    /// The next complete line, or nil at the end. Throws for a line over the limit (the line's number is
    /// the one that would have been handed out) and for read errors.
    public mutating func next() throws(FrameLogError) -> Line? {
        while true {
            if scanned < end {
                let base = buffer.baseAddress!
                if let hit = memchr(base + scanned, 0x0A, end - scanned) {
                    let nl = hit - base
                    let line = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self) + start, count: nl - start)
                    lineNumber += 1
                    start = nl + 1
                    scanned = start
                    if line.count > maxLineBytes { throw tooLong(line: lineNumber) }
                    return Line(bytes: line, number: lineNumber, endOffset: consumedBefore + Int64(start))
                }
                scanned = end
            }
            if end - start > maxLineBytes { throw tooLong(line: lineNumber + 1) }
            if atEnd {
                truncatedTail = end - start
                return nil
            }
            if start > 0 {
                let pending = end - start
                if pending > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, pending) }
                consumedBefore += Int64(start)
                end = pending; scanned = pending; start = 0
            }
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if n == 0 { atEnd = true } else { end += n }
        }
    }

    private func tooLong(line: Int) -> FrameLogError {
        FrameLogError(file: "", line: line, message: "the line is longer than \(maxLineBytes) bytes (the limit for one record)")
    }
}
