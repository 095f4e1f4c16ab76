#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read with read(2) straight into the reader's buffer: no copy of the file, flat memory.
/// `limit` stops reading after that many bytes (a log counted as it was when it had that size).
public final class FileByteSource: ByteSource {
    public let path: String
    private let fd: Int32
    private var remaining: Int64

    public init(path: String, limit: Int64? = nil) throws(FrameLogError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw FrameLogError(file: path, line: nil, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw FrameLogError(file: path, line: nil, message: "is a directory, not a frame log")
        }
        self.fd = fd
        self.remaining = limit ?? .max
    }

    deinit { close(fd) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FrameLogError) -> Int {
        let want = Int(min(Int64(buffer.count), remaining))
        if want == 0 { return 0 }
        while true {
            let n = systemRead(fd, buffer.baseAddress, want)
            if n >= 0 { remaining -= Int64(n); return n }
            if errno == EINTR { continue }
            throw FrameLogError(file: path, line: nil, message: "cannot read: \(String(cString: strerror(errno)))")
        }
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif
