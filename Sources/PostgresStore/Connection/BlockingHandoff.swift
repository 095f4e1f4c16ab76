import Foundation

/// Hands values from one thread to another, holding at most `limit` of them (the producer waits for room), so
/// memory stays bounded when the consumer is slower. Either side may stop the other: the producer by finishing
/// (with its result or an error), the consumer by cancelling (the producer's next `send` then throws).
final class BlockingHandoff<Element, Result>: @unchecked Sendable {
    enum End { case done(Result), failure(any Error) }

    private let condition = NSCondition()
    private var queue: [Element] = []
    private var end: End?
    private var cancelled = false
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    // MARK: Producer side

    /// Waits for room; throws `HandoffCancelled` when the consumer stopped.
    func send(_ value: Element) throws {
        condition.lock(); defer { condition.unlock() }
        while queue.count >= limit, !cancelled { condition.wait() }
        if cancelled { throw HandoffCancelled() }
        queue.append(value)
        condition.broadcast()
    }

    /// No more values.
    func finish(_ how: End) {
        condition.lock(); defer { condition.unlock() }
        end = how
        condition.broadcast()
    }

    // MARK: Consumer side

    /// The next value, or nil once the producer finished and every value was taken.
    func receive() -> Element? {
        condition.lock(); defer { condition.unlock() }
        while queue.isEmpty, end == nil { condition.wait() }
        if queue.isEmpty { return nil }
        let value = queue.removeFirst()
        condition.broadcast()
        return value
    }

    /// After `receive` returned nil: the producer's result, or its error thrown.
    func outcome() throws -> Result {
        condition.lock(); defer { condition.unlock() }
        while end == nil { condition.wait() }
        switch end! {
        case let .done(result): return result
        case let .failure(error): throw error
        }
    }

    /// Stops the producer and waits until it has finished.
    func cancel() {
        condition.lock(); defer { condition.unlock() }
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        while end == nil { condition.wait() }
    }

    /// Runs `produce` on a thread of its own (1 MiB of stack); the handoff ends with its result or error.
    func start(_ produce: @escaping @Sendable (BlockingHandoff) throws -> Result) {
        let thread = Thread { [self] in
            do { finish(.done(try produce(self))) } catch { finish(.failure(error)) }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

/// The consumer of a `BlockingHandoff` stopped.
struct HandoffCancelled: Error {}
