import Synchronization

/// A value set once and awaited by any number of tasks; awaiting never blocks a thread, and a
/// cancelled waiter stops waiting.
final class OneShot<Value: Sendable>: Sendable {
    private struct Waiting {
        var continuations: [Int: CheckedContinuation<Value?, Never>] = [:]
        var next = 0
    }

    private enum State {
        case waiting(Waiting)
        case set(Value)
    }

    private let state = Mutex<State>(.waiting(Waiting()))

    init() {}

    /// Sets the value and wakes every waiter; later calls are ignored. Returns whether this call set it.
    @discardableResult
    func set(_ value: Value) -> Bool {
        let waiters: Waiting? = state.withLock { state in
            guard case let .waiting(waiting) = state else { return nil }
            state = .set(value)
            return waiting
        }
        guard let waiters else { return false }
        for waiter in waiters.continuations.values { waiter.resume(returning: value) }
        return true
    }

    /// The value, if set.
    var value: Value? {
        state.withLock { if case let .set(v) = $0 { return v }; return nil }
    }

    /// Waits for the value; nil when the waiting task is cancelled first.
    func wait() async -> Value? {
        let token = Mutex<Int?>(nil)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
                let ready: Value?? = state.withLock { state in
                    switch state {
                    case let .set(v): return .some(v)
                    case var .waiting(waiting):
                        if Task.isCancelled { return .some(nil) }
                        let id = waiting.next
                        waiting.next += 1
                        waiting.continuations[id] = continuation
                        state = .waiting(waiting)
                        token.withLock { $0 = id }
                        return nil
                    }
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Value?, Never>? = state.withLock { state in
                guard let id = token.withLock({ $0 }), case var .waiting(waiting) = state else { return nil }
                let c = waiting.continuations.removeValue(forKey: id)
                state = .waiting(waiting)
                return c
            }
            continuation?.resume(returning: nil)
        }
    }

    /// Waits for the value at most `timeout`; nil when it did not come in time.
    func wait(timeout: Duration) async -> Value? {
        if let v = value { return v }
        return await withTaskGroup(of: Value?.self) { group in
            group.addTask { await self.wait() }
            group.addTask { try? await Task.sleep(for: timeout); return nil }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? value
        }
    }
}
