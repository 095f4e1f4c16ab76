import Foundation

/// Reads a samples file a block at a time and hands out its lines, numbered from 1, without their ends.
///
/// Memory stays bounded whatever the file's size: one block plus at most one line. A line ends at LF,
/// CRLF or a lone CR (old Mac files); a line longer than `maxLine` bytes refuses the file at once, naming
/// it (a sample line is a few dozen bytes; a huge header is not a samples file). Every byte read is
/// also given to `onBytes` (the file's digest).
struct SampleLineReader {
    static let blockSize = 1 << 22
    static let maxLine = 1 << 16

    let file: String
    private let blockSize: Int
    private let handle: FileHandle
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    /// Bytes of `buffer` holding data; lines start at `position`.
    private var filled = 0
    private var position = 0
    private var atEOF = false
    private(set) var lineNumber = 0

    init(file: String) throws {
        self.file = file
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw SampleImportError(file: file, line: nil, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw SampleImportError(file: file, line: nil, reason: "is a directory, not a samples file") }
        guard let handle = FileHandle(forReadingAtPath: file) else { throw SampleImportError(file: file, line: nil, reason: "cannot read the file") }
        self.handle = handle
        // A small file needs no more than its size (the fuzzer and tiny imports open many).
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
        blockSize = min(Self.blockSize, max(4096, size ?? Self.blockSize))
        buffer = .allocate(capacity: blockSize + Self.maxLine + 2)
    }

    /// Frees the buffer and closes the file.
    func close() {
        buffer.deallocate()
        try? handle.close()
    }

    /// The first bytes of the file (up to a block), for telling CSV from JSON Lines. Reads them if needed.
    mutating func head(onBytes: (UnsafeRawBufferPointer) -> Void) throws -> UnsafeBufferPointer<UInt8> {
        if filled == 0, !atEOF { try fill(onBytes) }
        return UnsafeBufferPointer(rebasing: buffer[position..<filled])
    }

    /// Calls `body` with each line and its number until the end of the file.
    mutating func forEachLine(onBytes: (UnsafeRawBufferPointer) -> Void,
                              _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        while true {
            let start = position
            var end = position
            var found = false
            while end < filled {
                let c = buffer[end]
                if c == 10 || c == 13 { found = true; break }
                end += 1
            }
            // A CR at the end of the data read so far may be the first half of a CRLF.
            if found, buffer[end] == 13, end + 1 == filled, !atEOF { found = false }
            if !found {
                if end - start > Self.maxLine { throw tooLong(lineNumber + 1) }
                if atEOF {
                    if end > start { lineNumber += 1; try body(UnsafeBufferPointer(rebasing: buffer[start..<end]), lineNumber) }
                    return
                }
                try fill(onBytes)
                continue
            }
            if end - start > Self.maxLine { throw tooLong(lineNumber + 1) }
            lineNumber += 1
            try body(UnsafeBufferPointer(rebasing: buffer[start..<end]), lineNumber)
            position = end + (buffer[end] == 13 && end + 1 < filled && buffer[end + 1] == 10 ? 2 : 1)
        }
    }

    /// Moves the unread bytes to the front and reads the next block after them.
    private mutating func fill(_ onBytes: (UnsafeRawBufferPointer) -> Void) throws {
        let rest = filled - position
        if rest > 0, position > 0 {
            UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: buffer.baseAddress! + position, byteCount: rest)
        }
        position = 0
        filled = rest
        let room = min(blockSize, buffer.count - filled)
        var got = 0
        repeat {
            let n = read(handle.fileDescriptor, buffer.baseAddress! + filled + got, room - got)
            if n < 0 {
                if errno == EINTR { continue }
                throw SampleImportError(file: file, line: nil, reason: "cannot read the file: \(String(cString: strerror(errno)))")
            }
            if n == 0 { atEOF = true; break }
            got += n
        } while got < room
        onBytes(UnsafeRawBufferPointer(start: buffer.baseAddress! + filled, count: got))
        filled += got
    }

    private func tooLong(_ line: Int) -> SampleImportError {
        SampleImportError(file: file, line: line, reason: """
            the line is longer than \(Self.maxLine) bytes (a sample line is a few dozen bytes); \
            this is not a samples file, or its lines do not end with LF, CRLF or CR
            """)
    }
}
