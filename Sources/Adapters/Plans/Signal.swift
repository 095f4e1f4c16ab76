import Dispatch
import Foundation

/// A one-way flag that async code can wait for with a timeout, set from any thread
/// (a termination handler, a reader thread, a URLSession callback).
final class Signal: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    private var waiters: [UInt64: CheckedContinuation<Bool, Never>] = [:]
    private var nextID: UInt64 = 0

    /// Whether the flag is set.
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flag
    }

    /// Sets the flag and wakes every waiter. Later calls do nothing.
    func set() {
        lock.lock()
        flag = true
        let woken = waiters
        waiters = [:]
        lock.unlock()
        for continuation in woken.values { continuation.resume(returning: true) }
    }

    /// True once the flag is set; false if `timeout` passes first.
    func wait(timeout: Duration) async -> Bool {
        await withCheckedContinuation { continuation in
            lock.lock()
            if flag {
                lock.unlock()
                continuation.resume(returning: true)
                return
            }
            let id = nextID
            nextID += 1
            waiters[id] = continuation
            lock.unlock()
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.timeInterval) { [self] in
                lock.lock()
                let expired = waiters.removeValue(forKey: id)
                lock.unlock()
                expired?.resume(returning: false)
            }
        }
    }
}

/// Runs a block at most once, whoever gets there first.
final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    /// True for the first caller only.
    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}

extension Duration {
    var timeInterval: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
