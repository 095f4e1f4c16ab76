import Glibc

/// An append-only file of the frame log directory, named for the UTC time it was started and a
/// counter (`frames-20260901T003806Z-000001.jsonl`: names sort in writing order), followed by a new
/// one when it reaches its size limit or the UTC day changes. Used by the recorder's thread only.
struct LogFile {
    let directory: String
    let stem: String
    let maxBytes: Int
    private var descriptor: Int32 = -1
    private(set) var path: String?
    private var size = 0
    private var day: Int64 = .min
    private var sequence = 0

    init(directory: String, stem: String, maxBytes: Int) {
        self.directory = directory
        self.stem = stem
        self.maxBytes = maxBytes
    }

    /// Appends `bytes` (whole lines), starting a new file whenever the next line would take this one
    /// past `maxBytes`, or the UTC day has changed.
    mutating func write(_ bytes: [UInt8], nowMillis: Int64) throws(LogFileError) {
        let today = ISOTimestamp.day(millis: nowMillis)
        if descriptor >= 0, today != day { close() }
        var start = 0
        while start < bytes.count {
            // As many whole lines as fit (at least one, however long).
            var end = start
            while end < bytes.count {
                guard let newline = bytes[end...].firstIndex(of: 0x0A) else { end = bytes.count; break }
                if end > start, size + (newline + 1 - start) > maxBytes { break }
                end = newline + 1
            }
            if descriptor >= 0, size > 0, size + (end - start) > maxBytes { close() }
            if descriptor < 0 { try open(nowMillis: nowMillis) }
            try append(bytes, start..<end)
            start = end
        }
    }

    private mutating func append(_ bytes: [UInt8], _ range: Range<Int>) throws(LogFileError) {
        var offset = range.lowerBound
        while offset < range.upperBound {
            let n = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, range.upperBound - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let error = LogFileError(path: path ?? directory, errno: errno)
                close()
                throw error
            }
            offset += n
        }
        size += range.count
    }

    mutating func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
        path = nil
        size = 0
    }

    private mutating func open(nowMillis: Int64) throws(LogFileError) {
        let stamp = String(ISOTimestamp.string(millis: nowMillis).prefix(19)).replacing("-", with: "").replacing(":", with: "")
        // Names sort in the order the files were started: the UTC time, then a counter.
        var candidate: String
        repeat {
            sequence += 1
            let counter = String(sequence)
            candidate = "\(directory)/\(stem)-\(stamp)Z-" + String(repeating: "0", count: max(0, 6 - counter.count)) + counter + ".jsonl"
        } while access(candidate, F_OK) == 0
        let fd = Glibc.open(candidate, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LogFileError(path: candidate, errno: errno) }
        descriptor = fd
        path = candidate
        size = 0
        day = ISOTimestamp.day(millis: nowMillis)
    }
}

/// A file of the log directory could not be opened or written.
struct LogFileError: Error, CustomStringConvertible {
    var path: String
    var errno: Int32
    var description: String { "\(path): \(String(cString: strerror(errno)))" }
}
