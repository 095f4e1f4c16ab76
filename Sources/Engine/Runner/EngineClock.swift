import Foundation

/// The engine's clock: what time it is, and waiting until a time (plan `wait` steps). Injected, so that a
/// wait is testable without waiting.
public protocol EngineClock: Sendable {
    func now() -> Date
    /// Returns once `time` has come (or at once when it has); throws when the task is cancelled.
    func sleep(until time: Date) async throws
}

/// The machine's clock.
public struct SystemClock: EngineClock {
    public init() {}

    public func now() -> Date { Date() }

    /// Sleeps in slices of at most an hour, so that no duration, however far away `time` is, overflows.
    public func sleep(until time: Date) async throws {
        while true {
            let left = time.timeIntervalSince(Date())
            guard left > 0, left.isFinite else { return }
            let slice = min(left, 3_600)
            try await Task.sleep(nanoseconds: UInt64(slice * 1_000_000_000))
        }
    }
}

/// A clock stopped at one time (`--now`). Waiting on it returns at once: a simulated clock does not move by itself.
public struct FixedClock: EngineClock {
    public let time: Date

    public init(_ time: Date) { self.time = time }

    public func now() -> Date { time }
    public func sleep(until time: Date) async throws {}
}
