import Foundation

/// Keeps the first `headLimit` and the last `limit` bytes of a stream, and counts all of them.
final class OutputTail: @unchecked Sendable {
    let limit: Int
    let headLimit: Int
    private let lock = NSLock()
    private var buffer = Data()
    private var head = Data()
    private var total = 0

    init(limit: Int, headLimit: Int = 0) {
        self.limit = limit
        self.headLimit = headLimit
    }

    func append(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        total += data.count
        if head.count < headLimit { head.append(data.prefix(headLimit - head.count)) }
        buffer.append(data)
        if buffer.count > 2 * limit { buffer = Data(buffer.suffix(limit)) }
    }

    /// The kept bytes as text, prefixed with a note when the start was dropped; nil when there was no output.
    var text: String? {
        lock.lock()
        defer { lock.unlock() }
        guard total > 0 else { return nil }
        guard total > limit else { return String(decoding: buffer, as: UTF8.self) }
        // Don't start in the middle of a UTF-8 sequence.
        let tail = buffer.suffix(limit).drop { $0 & 0b1100_0000 == 0b1000_0000 }
        return "[output truncated: the last \(tail.count) of \(total) bytes]\n" + String(decoding: tail, as: UTF8.self)
    }

    /// The first `headLimit` bytes, and how many there were in all.
    var start: (bytes: Data, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (head, total)
    }
}
