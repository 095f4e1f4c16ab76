import Foundation

/// Hands parsed batches from the parsing thread to the writing one, holding at most `limit` of them
/// (so memory stays bounded when the writer is slower): 12 batches, 768k samples, about 25 MB, let the
/// parser carry on while the writer sorts and writes a full buffer. Either side may stop the other: the parser by
/// finishing (with the file's digest or an error), the writer by cancelling.
package final class BatchChannel: @unchecked Sendable {
    package enum End { case digest(String), failure(any Error) }

    private let condition = NSCondition()
    private var queue: [SampleBatch] = []
    private var end: End?
    private var cancelled = false
    private let limit: Int

    package init(limit: Int = 12) { self.limit = limit }

    /// Parser side: waits for room; false when the writer cancelled.
    func send(_ batch: SampleBatch) -> Bool {
        condition.lock(); defer { condition.unlock() }
        while queue.count >= limit, !cancelled { condition.wait() }
        if cancelled { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    /// Parser side: no more batches.
    func finish(_ how: End) {
        condition.lock(); defer { condition.unlock() }
        end = how
        condition.broadcast()
    }

    /// Writer side: the next batch, or nil once the parser finished and every batch was taken.
    package func receive() -> SampleBatch? {
        condition.lock(); defer { condition.unlock() }
        while queue.isEmpty, end == nil { condition.wait() }
        if queue.isEmpty { return nil }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Writer side, after `receive` returned nil: how the parse ended.
    package func outcome() -> End {
        condition.lock(); defer { condition.unlock() }
        while end == nil { condition.wait() }
        return end!
    }

    /// Writer side: stop the parser (the writer failed) and wait until it has.
    package func cancel() {
        condition.lock(); defer { condition.unlock() }
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        while end == nil { condition.wait() }
    }
}
